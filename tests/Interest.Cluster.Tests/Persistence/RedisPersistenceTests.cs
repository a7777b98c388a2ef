using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Placement;
using Interest.Testing;

namespace Interest.Cluster.Tests.Persistence;

public sealed class RedisPersistenceTests
{
    [Fact]
    public async Task A_users_state_survives_a_cluster_restart_with_redis_storage()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = TestSettings.Base(null, "redis");
        settings["Redis:ConnectionString"] = redis.ConnectionString;
        const string user = "redis-user";
        var events = Enumerable.Range(0, 12)
            .Select(i => new DeliveredEvent(new ClickEvent($"r-{i}", user, 100 + i, (ClickEventType)(i % 4), 1_700_000_000_000 + i), 0, i))
            .ToArray();

        UserStateSnapshot before;
        await using (var first = await InterestCluster.StartAsync(settings, silos: 1, firstSiloRoles: [SiloRoles.Inference]))
        {
            await first.Client.GetGrain<IUserGrain>(user).ApplyEvents(events);
            before = await first.Client.GetGrain<IUserGrain>(user).GetState();
        }

        await using var second = await InterestCluster.StartAsync(settings, silos: 1, firstSiloRoles: [SiloRoles.Inference]);
        var grain = second.Client.GetGrain<IUserGrain>(user);
        var after = await grain.GetState();

        Assert.Equal(12, after.EventCount);
        Assert.Equal(before.Hidden, after.Hidden);
        Assert.Equal(before.Cell, after.Cell);
        Assert.Equal(before.LongTerm, after.LongTerm);
        Assert.Equal(before.Recommendations, after.Recommendations);
        Assert.Equal(events.Select(e => e.Event.ItemId), (await grain.GetRecentEvents()).Select(e => e.ItemId));

        // The offsets came back too: a replay of the same events is recognised and skipped.
        var replay = await grain.ApplyEvents(events);
        Assert.Equal(0, replay.Applied);
        Assert.Equal(12, replay.DuplicatesSkipped);
        Assert.Equal(12, (await grain.GetState()).EventCount);
    }
}
