using Interest.Streaming.Tests.Support;
using Interest.Testing;

namespace Interest.Streaming.Tests.Consuming;

public class SinkFailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_failing_sink_gets_the_same_batch_again_and_nothing_is_lost()
    {
        await using var bed = new KafkaTestBed(output, partitions: 2);
        using var producer = bed.CreateProducer();
        for (int i = 0; i < 500; i++) producer.Produce(KafkaTestBed.Event($"user-{i % 10}", i));
        Assert.True(producer.Flush(TimeSpan.FromSeconds(10)));
        var sink = new RecordingSink(failFirstCalls: 2);

        await using var consumer = await bed.StartConsumerAsync(sink);

        await Eventually.Until(() => sink.Count >= 500, TimeSpan.FromSeconds(30), () => $"sink has {sink.Count}");
        await Task.Delay(300);
        var delivered = sink.Events;
        Assert.Equal(500, delivered.Count);
        Assert.Equal(500, delivered.Select(e => e.Event.EventId).Distinct().Count());

        var failed = sink.FailedBatches;
        Assert.Equal(2, failed.Count);
        Assert.NotEmpty(failed[0]);
        Assert.Equal(failed[0], failed[1]);
        Assert.Equal(failed[0], delivered.Take(failed[0].Count).Select(e => e.Event.EventId));
        foreach (var user in delivered.GroupBy(e => e.Event.UserId))
        {
            var sequence = user.Select(e => int.Parse(e.Event.EventId.Split('-')[2])).ToList();
            Assert.Equal(sequence.Order(), sequence);
        }

        var statistics = consumer.Statistics;
        Assert.Equal(2, statistics.SinkFailures);
        Assert.Equal(500, statistics.Delivered);
        Assert.Equal(2, bed.Logs.Logs.Count(l => l.Message.Contains("Sink failed", StringComparison.Ordinal)));
    }
}
