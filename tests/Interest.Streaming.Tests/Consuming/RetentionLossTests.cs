using Interest.Abstractions;
using Interest.Streaming.Consuming;
using Interest.Streaming.Producing;
using Interest.Streaming.Tests.Support;
using Interest.Testing;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming.Tests.Consuming;

/// <summary>
/// The embedded broker keeps about 5 MiB per partition. Events with long ids (~330 bytes on the wire) fill that
/// with ~16k messages, so 25k overflow it in well under a second.
/// </summary>
public class RetentionLossTests(ITestOutputHelper output)
{
    private const int EventCount = 25_000;

    private static ClickEvent BulkyEvent(int i)
    {
        string user = "user-" + i % 50 + new string('u', 110);
        return new ClickEvent($"{i:D8}-" + new string('e', 110), user, 1 + i % 1000, ClickEventType.View, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private static void ProduceBulky(ClickstreamProducer producer, int from, int count)
    {
        for (int i = from; i < from + count; i++) producer.Produce(BulkyEvent(i));
        Assert.True(producer.Flush(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Messages_removed_before_the_group_read_them_are_counted_and_logged_at_assignment()
    {
        await using var bed = new KafkaTestBed(output, partitions: 1);
        using var producer = bed.CreateProducer();
        ProduceBulky(producer, 0, EventCount);
        var watermarks = bed.Watermarks(bed.Options.Topic, 0);
        Assert.Equal(EventCount, watermarks.High.Value);
        Assert.True(watermarks.Low.Value > 0, "the broker kept everything; produce more to test retention");

        var sink = new RecordingSink();
        await using var consumer = await bed.StartConsumerAsync(sink);
        await Eventually.Until(
            () => consumer.Statistics.Delivered + consumer.Statistics.LostToRetention == EventCount,
            TimeSpan.FromSeconds(30), () => consumer.Statistics.ToString());

        var statistics = consumer.Statistics;
        Assert.Equal(watermarks.Low.Value, statistics.LostToRetention);
        Assert.Equal($"{watermarks.Low.Value:D8}", sink.Events[0].Event.EventId[..8]);
        var error = Assert.Single(bed.Logs.AtLeast(LogLevel.Error));
        Assert.Contains("partition 0", error.Message);
        Assert.Contains($"{watermarks.Low.Value} messages", error.Message);
        Assert.Contains("no committed offset", error.Message);
    }

    [Fact]
    public async Task Retention_overtaking_a_group_with_committed_offsets_is_detected()
    {
        await using var bed = new KafkaTestBed(output, partitions: 1);
        using var producer = bed.CreateProducer();
        ProduceBulky(producer, 0, 100);
        var firstSink = new RecordingSink();
        var first = await bed.StartConsumerAsync(firstSink);
        await Eventually.Until(() => firstSink.Count == 100, TimeSpan.FromSeconds(20), () => $"sink has {firstSink.Count}");
        await first.StopAsync();

        ProduceBulky(producer, 100, EventCount);
        long logStart = bed.Watermarks(bed.Options.Topic, 0).Low.Value;
        Assert.True(logStart > 100);
        var sink = new RecordingSink();
        await using var consumer = await bed.StartConsumerAsync(sink);
        await Eventually.Until(
            () => consumer.Statistics.Delivered + consumer.Statistics.LostToRetention == EventCount,
            TimeSpan.FromSeconds(30), () => consumer.Statistics.ToString());

        Assert.Equal(logStart - 100, consumer.Statistics.LostToRetention);
        var error = Assert.Single(bed.Logs.AtLeast(LogLevel.Error));
        Assert.Contains("past the group's committed offset", error.Message);
        Assert.Contains("offsets 100..", error.Message);
    }

    [Fact]
    public async Task Retention_overtaking_a_running_consumer_is_detected_as_a_gap()
    {
        // A small client-side queue, so that the stalled consumer cannot hold the whole partition in memory.
        await using var bed = new KafkaTestBed(output, partitions: 1, o =>
        {
            o.Client["queued.max.messages.kbytes"] = "256";
            o.Client["max.partition.fetch.bytes"] = "65536";
            o.MaxPollBatch = 100;
        });
        using var producer = bed.CreateProducer();
        var gate = new GatedSink();
        await using var consumer = await bed.StartConsumerAsync(gate);
        producer.Produce(BulkyEvent(0));
        Assert.True(producer.Flush(TimeSpan.FromSeconds(5)));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(20));

        ProduceBulky(producer, 1, EventCount + 10_000);
        gate.Open();

        await Eventually.Until(
            () => consumer.Statistics.Delivered + consumer.Statistics.LostToRetention == EventCount + 10_001,
            TimeSpan.FromSeconds(30), () => consumer.Statistics.ToString());
        Assert.True(consumer.Statistics.LostToRetention > 0);
        Assert.Contains(bed.Logs.AtLeast(LogLevel.Error), l => l.Message.Contains("gap in the consumed offsets", StringComparison.Ordinal));
        var offsets = gate.Events.Select(e => e.Offset).ToList();
        Assert.Equal(offsets.Order(), offsets);
    }

    /// <summary>Holds the first delivery until opened.</summary>
    private sealed class GatedSink : IClickEventSink
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<DeliveredEvent> _events = [];

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<DeliveredEvent> Events
        {
            get { lock (_events) return _events.ToList(); }
        }

        public void Open() => _open.TrySetResult();

        public async Task<IReadOnlyList<RejectedEvent>> DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
            lock (_events) _events.AddRange(events);
            return [];
        }
    }
}
