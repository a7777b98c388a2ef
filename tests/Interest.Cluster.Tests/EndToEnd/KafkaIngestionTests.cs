using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Streaming.Consuming;
using Interest.Streaming.Producing;
using Interest.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class KafkaIngestionTests(ProductionCluster shared)
{
    [Fact]
    public async Task Every_event_produced_to_Kafka_reaches_its_user_grain_once_and_in_order()
    {
        const int userCount = 60;
        var random = new Random(5);
        var perUser = Enumerable.Range(0, userCount).ToDictionary(
            u => $"kafka-{u}",
            u => Enumerable.Range(0, 20 + random.Next(0, 60)).Select(_ => random.Next(1, TestSettings.ItemCount + 1)).ToArray());
        var events = Interleave(perUser).ToList();
        var consumers = shared.Silos.Select(s => s.Services.GetRequiredService<KafkaClickstreamConsumer>()).ToArray();
        long deliveredBefore = consumers.Sum(c => c.Statistics.Delivered);

        using (var producer = new ClickstreamProducer(shared.Kafka, shared.Kafka.BootstrapServers!))
        {
            foreach (var clickEvent in events) producer.Produce(clickEvent);
            Assert.True(producer.Flush(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, producer.DeliveryErrors);
        }

        await Eventually.Until(
            async () => (await Task.WhenAll(perUser.Keys.Select(u => shared.Grains.GetGrain<IUserGrain>(u).GetState()))).Sum(s => s.EventCount),
            total => total == events.Count, TimeSpan.FromSeconds(90), $"{events.Count} events to be applied");

        foreach (var (user, items) in perUser)
        {
            var grain = shared.Grains.GetGrain<IUserGrain>(user);
            var state = await grain.GetState();
            Assert.Equal(items.Length, state.EventCount);
            var recent = await grain.GetRecentEvents();
            Assert.Equal(items.TakeLast(InterestLimits.RecentItemsKept), recent.Select(e => e.ItemId));
        }

        // At-least-once: a rebalance may hand a batch to the other silo again; the grains skip what they already
        // applied (the counts above are exact), so the consumers may count some deliveries twice but never fewer.
        var statistics = consumers.Select(c => c.Statistics).ToArray();
        Assert.True(statistics.Sum(s => s.Delivered) - deliveredBefore >= events.Count, string.Join("; ", statistics));
        Assert.All(statistics, s => Assert.Equal(0, s.LostToRetention));
        Assert.All(statistics, s => Assert.True(s.AssignedPartitions > 0, $"a silo consumes no partition: {s}"));
    }

    [Fact]
    public async Task Inference_runs_only_on_the_silo_with_the_inference_role()
    {
        var hosts = await Task.WhenAll(Enumerable.Range(0, 12).Select(shard => shared.Grains.GetGrain<IInferenceGrain>(shard).GetHostSilo()));
        var inferenceSilo = shared.Silos[0].Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

        Assert.All(hosts, host => Assert.Equal(inferenceSilo, host));
        Assert.Null(shared.Silos[1].Services.GetService<Interest.Inference.IInferenceEngine>());
    }

    private static IEnumerable<ClickEvent> Interleave(Dictionary<string, int[]> perUser)
    {
        int longest = perUser.Values.Max(items => items.Length);
        long timestamp = 1_700_000_000_000;
        for (int i = 0; i < longest; i++)
        {
            foreach (var (user, items) in perUser)
            {
                if (i < items.Length)
                {
                    yield return new ClickEvent($"{user}-{i}", user, items[i], (ClickEventType)(i % 4), timestamp++);
                }
            }
        }
    }
}
