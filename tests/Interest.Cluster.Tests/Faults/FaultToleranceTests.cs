using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Testing;
using Xunit.Abstractions;

namespace Interest.Cluster.Tests.Faults;

/// <summary>Each test breaks a real process mid-stream and checks every user ends exactly as a fault-free run would.</summary>
[Collection(FaultsCollection.Name)]
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Kill_9_of_an_ingest_silo_mid_stream_loses_nothing_and_applies_nothing_twice()
    {
        await using var cluster = await FaultCluster.StartAsync("kill");
        SiloProcess? victim = null;
        var report = await FaultScenario.RunAsync(cluster, "kill", async () =>
        {
            victim = await Eventually.Until(() => Task.FromResult(new[] { cluster.IngestA, cluster.IngestB }.FirstOrDefault(s => s.OwnsPartitions)),
                owner => owner is not null, TimeSpan.FromSeconds(30), "an ingest silo that owns partitions");
            await victim!.KillAsync();
        });
        output.WriteLine($"killed {victim!.Name}; {report}");
        Assert.False(victim.IsRunning);
    }

    [Fact]
    public async Task A_silo_joining_mid_stream_rebalances_without_loss_or_double_application()
    {
        await using var cluster = await FaultCluster.StartAsync("join");
        var report = await FaultScenario.RunAsync(cluster, "join", () => cluster.StartExtraIngestSiloAsync("ingest-c"));
        output.WriteLine(report.ToString());
    }

    [Fact]
    public async Task A_silo_leaving_gracefully_mid_stream_hands_over_without_loss_or_double_application()
    {
        await using var cluster = await FaultCluster.StartAsync("leave");
        var report = await FaultScenario.RunAsync(cluster, "leave", async () =>
        {
            var owner = await Eventually.Until(() => Task.FromResult(new[] { cluster.IngestA, cluster.IngestB }.FirstOrDefault(s => s.OwnsPartitions)),
                o => o is not null, TimeSpan.FromSeconds(30), "an ingest silo that owns partitions");
            await owner!.StopAsync();
        });
        output.WriteLine(report.ToString());
    }

    [Fact]
    public async Task A_redis_restart_during_ingestion_loses_nothing_and_applies_nothing_twice()
    {
        await using var cluster = await FaultCluster.StartAsync("redis");
        var report = await FaultScenario.RunAsync(cluster, "redis", () => cluster.RestartRedisAsync(TimeSpan.FromSeconds(3)));
        output.WriteLine(report.ToString());
    }

    [Fact]
    public async Task With_the_inference_silo_down_for_10s_lookups_still_answer_and_ingestion_catches_up_after()
    {
        await using var cluster = await FaultCluster.StartAsync("inference-outage");
        var known = cluster.Grains.GetGrain<IUserGrain>("outage-known-user");
        await known.ApplyEvents([new DeliveredEvent(new ClickEvent("k-1", "outage-known-user", 5, ClickEventType.Cart, 1_700_000_000_000), 999, 0)]);
        var before = await known.GetRecommendations(5);
        await cluster.Grains.GetGrain<IUserGrain>("outage-warm-popular").GetRecommendations(5);

        var report = await FaultScenario.RunAsync(cluster, "inference-outage", async () =>
        {
            await cluster.InferenceSilo.StopAsync();
            var during = await known.GetRecommendations(5);
            Assert.Equal(before.Items, during.Items);
            Assert.True(during.Personalised);
            var newcomer = await cluster.Grains.GetGrain<IUserGrain>("outage-new-user").GetRecommendations(5);
            Assert.False(newcomer.Personalised);
            var summary = await known.GetInterest(5);
            Assert.Equal(1, summary.EventCount);
            Assert.Equal(5, Assert.Single(summary.RecentEvents).ItemId);
            await Task.Delay(TimeSpan.FromSeconds(10));
            await cluster.InferenceSilo.StartAsync();
        });
        output.WriteLine(report.ToString());
    }

    [Fact]
    public async Task A_slow_inference_silo_makes_batches_grow_and_loses_nothing()
    {
        await using var cluster = await FaultCluster.StartAsync("slow-inference", inference => inference[DrillSiloProgram.BatchLatencyKey] = "150");
        var report = await FaultScenario.RunAsync(cluster, "slow-inference", () => Task.CompletedTask);
        var statistics = await cluster.Grains.GetGrain<IInferenceGrain>(0).GetStatistics();
        output.WriteLine($"{report}; {statistics}");
        Assert.True(statistics.LargestBatch >= 10, $"batches stayed small under a slow device: {statistics}");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "faults";
}
