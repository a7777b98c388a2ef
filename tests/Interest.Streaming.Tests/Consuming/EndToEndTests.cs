using Interest.Streaming.Generation;
using Interest.Streaming.Producing;
using Interest.Streaming.Tests.Support;
using Interest.Testing;

namespace Interest.Streaming.Tests.Consuming;

public class EndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Paced_events_reach_the_sink_once_each_in_per_user_order_and_get_committed()
    {
        const int EventCount = 20_000;
        const int UserCount = 200;
        await using var bed = new KafkaTestBed(output, partitions: 8);
        var sink = new RecordingSink();
        await using var consumer = await bed.StartConsumerAsync(sink);
        using var producer = bed.CreateProducer();
        using var pacer = new ClickstreamPacer(producer, new ClickstreamPacerOptions { MaxBacklogPerPartition = 20_000 });
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { Seed = 7, UserCount = UserCount }).Generate(EventCount).ToList();

        var result = await pacer.RunAsync(events);

        Assert.True(result.Completed);
        Assert.Equal(EventCount, result.Produced);
        Assert.Equal(0, result.DeliveryErrors);
        await Eventually.Until(() => sink.Count >= EventCount, TimeSpan.FromSeconds(60), () => $"sink has {sink.Count}");
        await Task.Delay(300);

        var delivered = sink.Events;
        Assert.Equal(EventCount, delivered.Count);
        Assert.Equal(EventCount, delivered.Select(d => d.Event.EventId).Distinct().Count());
        Assert.Equal(events.ToHashSet(), delivered.Select(d => d.Event).ToHashSet());
        foreach (var user in delivered.GroupBy(d => d.Event.UserId))
        {
            var sequence = user.Select(d => long.Parse(d.Event.EventId.Split('-')[1])).ToList();
            Assert.Equal(sequence.Order(), sequence);
            Assert.Single(user.Select(d => d.Partition).Distinct());
        }
        Assert.Equal(UserCount, delivered.Select(d => d.Event.UserId).Distinct().Count());
        // Every offset of every partition exactly once; batches in flight together interleave users, not a user's events.
        foreach (var partition in delivered.GroupBy(d => d.Partition))
        {
            var offsets = partition.Select(d => d.Offset).ToList();
            Assert.Equal(Enumerable.Range(0, offsets.Count).Select(i => (long)i), offsets.Order());
        }
        foreach (var user in delivered.GroupBy(d => d.Event.UserId))
        {
            var offsets = user.Select(d => d.Offset).ToList();
            Assert.Equal(offsets.Order(), offsets);
        }
        Assert.All(sink.CallSizes, size => Assert.InRange(size, 1, bed.Options.MaxPollBatch));

        var statistics = consumer.Statistics;
        Assert.Equal(EventCount, statistics.Consumed);
        Assert.Equal(EventCount, statistics.Delivered);
        Assert.Equal(0, statistics.DeadLettered);
        Assert.Equal(0, statistics.LostToRetention);
        Assert.Equal(8, statistics.AssignedPartitions);

        using var backlog = new ConsumerGroupBacklog(bed.Options, bed.Broker.BootstrapServers);
        await Eventually.Until(
            () => backlog.Measure(TimeSpan.FromSeconds(5)).TotalBacklog == 0, TimeSpan.FromSeconds(10), () => "offsets not committed");
        await Eventually.Until(() => consumer.Statistics.Lag == 0, TimeSpan.FromSeconds(10), () => $"lag {consumer.Statistics.Lag}");
    }

    [Fact]
    public async Task A_restarted_consumer_resumes_after_what_the_previous_one_acknowledged()
    {
        await using var bed = new KafkaTestBed(output, partitions: 4);
        // As silo hosts do: the embedded broker's address copied into Kafka:BootstrapServers. The consumer must still
        // use the short session timeout, or the broker would hold the departed member's partitions for 45 s.
        bed.Options.BootstrapServers = bed.Broker.BootstrapServers;
        using var producer = bed.CreateProducer();
        for (int i = 0; i < 1000; i++) producer.Produce(KafkaTestBed.Event($"user-{i % 20}", i));
        Assert.True(producer.Flush(TimeSpan.FromSeconds(10)));

        var first = new RecordingSink();
        var firstConsumer = await bed.StartConsumerAsync(first);
        await Eventually.Until(() => first.Count == 1000, TimeSpan.FromSeconds(30), () => $"first sink has {first.Count}");
        await firstConsumer.StopAsync();

        for (int i = 1000; i < 1500; i++) producer.Produce(KafkaTestBed.Event($"user-{i % 20}", i));
        Assert.True(producer.Flush(TimeSpan.FromSeconds(10)));
        var second = new RecordingSink();
        await using var secondConsumer = await bed.StartConsumerAsync(second);

        await Eventually.Until(() => second.Count >= 500, TimeSpan.FromSeconds(20), () => $"second sink has {second.Count}");
        await Task.Delay(300);
        Assert.Equal(
            Enumerable.Range(1000, 500).Select(i => $"user-{i % 20}-{i}").Order(),
            second.Events.Select(e => e.Event.EventId).Order());
        Assert.Equal(0, secondConsumer.Statistics.LostToRetention);
    }
}
