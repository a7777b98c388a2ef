using System.Text;
using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Streaming.Codec;
using Interest.Streaming.Consuming;
using Interest.Streaming.Producing;
using Interest.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class HostileInputTests(ProductionCluster shared)
{
    [Fact]
    public async Task Bad_messages_go_to_the_dead_letter_topic_and_the_good_ones_around_them_are_all_applied()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var bad = new (string? Key, byte[] Value, string Reason)[]
        {
            ("hostile-a", "{not json"u8.ToArray(), ClickEventRejectReasons.InvalidJson),
            ("hostile-a", Json("""{"eventId":"x1","userId":"hostile-a","type":"view","timestamp":1700000000000}"""), ClickEventRejectReasons.MissingField("itemId")),
            ("hostile-a", Json("""{"eventId":"x2","userId":"hostile-a","itemId":3,"type":"teleport","timestamp":1700000000000}"""), ClickEventRejectReasons.UnknownEventType),
            ("hostile-b", Json($$"""{"eventId":"x3","userId":"hostile-b","itemId":{{TestSettings.ItemCount + 1}},"type":"view","timestamp":1700000000000}"""), ClickEventRejectReasons.ItemOutOfCatalog),
            ("hostile-b", Json($$"""{"eventId":"x4","userId":"hostile-b","itemId":3,"type":"view","timestamp":{{now + 86_400_000L * 30}}}"""), ClickEventRejectReasons.TimestampOutOfRange),
            ("hostile-b", Json("""{"eventId":"x5","userId":"hostile-b","itemId":3,"type":"view","timestamp":5}"""), ClickEventRejectReasons.TimestampOutOfRange),
            ("", Json("""{"eventId":"x6","userId":"","itemId":3,"type":"view","timestamp":1700000000000}"""), ClickEventRejectReasons.InvalidUserId),
            (new string('u', 129), Json($$"""{"eventId":"x7","userId":"{{new string('u', 129)}}","itemId":3,"type":"view","timestamp":1700000000000}"""), ClickEventRejectReasons.InvalidUserId),
            ("a\u0007b", Json("""{"eventId":"x8","userId":"a\u0007b","itemId":3,"type":"view","timestamp":1700000000000}"""), ClickEventRejectReasons.InvalidUserId),
            ("hostile-a", Encoding.UTF8.GetBytes($$"""{"eventId":"x9","userId":"hostile-a","itemId":3,"type":"view","timestamp":1700000000000,"pad":"{{new string('p', 200_000)}}"}"""), ClickEventRejectReasons.MessageTooLarge),
        };
        var consumers = shared.Silos.Select(s => s.Services.GetRequiredService<KafkaClickstreamConsumer>()).ToArray();
        long deadLetteredBefore = consumers.Sum(c => c.Statistics.DeadLettered);

        const int burst = 10_000;
        using (var producer = new ClickstreamProducer(shared.Kafka, shared.Kafka.BootstrapServers!))
        {
            for (int i = 0; i < 20; i++)
            {
                producer.Produce(Good("hostile-a", i));
                producer.Produce(Good("hostile-b", i));
                if (i < bad.Length) await producer.ProduceRawAsync(bad[i].Key, bad[i].Value);
            }
            for (int i = 0; i < burst; i++) producer.Produce(Good("hostile-burst", i));
            Assert.True(producer.Flush(TimeSpan.FromSeconds(60)));
            Assert.Equal(0, producer.DeliveryErrors);
        }

        await Eventually.Until(shared.Grains.GetGrain<IUserGrain>("hostile-burst").GetState, s => s.EventCount == burst, TimeSpan.FromSeconds(120), "the burst");
        // Exact counts, however often a rebalance redelivered a batch (the grains skip what they already applied).
        foreach (var user in new[] { "hostile-a", "hostile-b" })
        {
            await Eventually.Until(shared.Grains.GetGrain<IUserGrain>(user).GetState, s => s.EventCount == 20, TimeSpan.FromSeconds(60), user);
            Assert.Equal(Enumerable.Range(0, 20).Select(ItemOf), (await shared.Grains.GetGrain<IUserGrain>(user).GetRecentEvents()).Select(e => e.ItemId));
        }
        var burstRecent = await shared.Grains.GetGrain<IUserGrain>("hostile-burst").GetRecentEvents();
        Assert.Equal(Enumerable.Range(burst - InterestLimits.RecentItemsKept, InterestLimits.RecentItemsKept).Select(ItemOf), burstRecent.Select(e => e.ItemId));

        // Other tests of the collection dead-letter too: only this test's keys count.
        var keys = bad.Select(b => b.Key ?? "").ToHashSet();
        var deadLetters = DeadLetterReader.Read(shared.Kafka, key => keys.Contains(key ?? ""), bad.Length);
        Assert.Equal(bad.Select(b => b.Reason).Order(), deadLetters.Select(d => d.Reason).Order());
        Assert.Equal(bad.Length, consumers.Sum(c => c.Statistics.DeadLettered) - deadLetteredBefore);

        var health = await shared.Http.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode);
        Assert.All(shared.Silos, silo => Assert.True(silo.Services.GetRequiredService<ILocalSiloDetails>() is not null));
    }

    private static int ItemOf(int i) => i % TestSettings.ItemCount + 1;

    private static ClickEvent Good(string user, int i) =>
        new($"{user}-{i}", user, ItemOf(i), (ClickEventType)(i % 4), 1_700_000_000_000 + i);

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);
}
