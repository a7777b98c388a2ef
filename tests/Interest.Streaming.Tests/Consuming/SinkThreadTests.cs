using Interest.Streaming.Generation;
using Interest.Streaming.Tests.Support;
using Interest.Testing;

namespace Interest.Streaming.Tests.Consuming;

public class SinkThreadTests(ITestOutputHelper output)
{
    // The consumer polls on a thread of its own. Sinks make Orleans grain calls, whose response objects come from
    // per-thread pools and go back to the pool of the thread that completes the call: calls started on the
    // consumer's thread leaked one pooled object per call (docs/RELIABILITY.md, soak).
    [Fact]
    public async Task The_sink_is_called_on_the_thread_pool_not_on_the_consumers_own_thread()
    {
        await using var bed = new KafkaTestBed(output, partitions: 2);
        var sink = new RecordingSink();
        await using var consumer = await bed.StartConsumerAsync(sink);
        using var producer = bed.CreateProducer();
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { Seed = 3, UserCount = 20 }).Generate(500).ToList();
        foreach (var clickEvent in events) producer.Produce(clickEvent);
        producer.Flush(TimeSpan.FromSeconds(10));

        await Eventually.Until(() => sink.Count >= events.Count, TimeSpan.FromSeconds(30), () => $"sink has {sink.Count}");

        Assert.True(sink.Calls > 0);
        Assert.Equal(0, sink.CallsOffThreadPool);
    }
}
