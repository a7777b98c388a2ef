using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;

namespace Interest.Cluster.Tests.Rollout;

/// <summary>
/// With the background migration out of the way, a user's next event rebuilds its state from the recent window under
/// the version now served: a state is never stepped by a model that did not compute it.
/// </summary>
public sealed class UserStateRebuildTests : RolloutClusterTests
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["ModelRollout:CheckInterval"] = "01:00:00";
        // Users on the silo without the engine see a switch late: their first request names the old version.
        settings["Users:ServedModelsRefresh"] = "00:01:00";
    }

    [Fact]
    public async Task A_users_next_event_rebuilds_its_state_and_until_then_lookups_keep_the_old_list_marked_with_its_version()
    {
        var users = Enumerable.Range(0, 16).Select(i => $"lazy-{i}").ToArray();
        var history = await FeedAsync(users, eventsEach: 4, seed: 2);
        var oldLists = new Dictionary<string, UserRecommendations>();
        foreach (var user in users) oldLists[user] = await Cluster.Client.GetGrain<IUserGrain>(user).GetRecommendations(10);

        Engine.Serve(Engine.Load(Second), null, 0);
        foreach (var user in users)
        {
            var lookup = await Cluster.Client.GetGrain<IUserGrain>(user).GetRecommendations(10);
            if (lookup.ModelVersion == "v1")
            {
                Assert.Equal(oldLists[user].Items, lookup.Items);
            }
        }
        var next = await FeedAsync(users, eventsEach: 1, seed: 3, firstOffset: 4);
        foreach (var user in users)
        {
            var state = await Cluster.Client.GetGrain<IUserGrain>(user).GetState();
            Assert.Equal("v2", state.ModelVersion);
            Assert.Equal(5, state.EventCount);
            AssertEncodes([.. history[user], .. next[user]], "v2", state);
        }
    }

    [Fact]
    public async Task A_poison_event_during_a_rebuild_is_dead_lettered_alone_and_the_others_are_applied()
    {
        const string user = "rebuild-poison";
        var grain = Cluster.Client.GetGrain<IUserGrain>(user);
        await grain.ApplyEvents([Delivered(user, 0, 5), Delivered(user, 1, 6)]);
        Engine.Serve(Engine.Load(Second), null, 0);

        var result = await grain.ApplyEvents([Delivered(user, 2, 7), Delivered(user, 3, TestSettings.ItemCount + 1), Delivered(user, 4, 8)]);

        Assert.Equal(2, result.Applied);
        var rejected = Assert.Single(result.Rejected!);
        Assert.Equal(3, rejected.Event.Offset);
        Assert.Equal(RejectedEvent.RejectedByModel, rejected.Reason);
        var state = await grain.GetState();
        Assert.Equal("v2", state.ModelVersion);
        AssertEncodes([(5, ClickEventType.Click), (6, ClickEventType.Click), (7, ClickEventType.Click), (8, ClickEventType.Click)], "v2", state);
    }

}
