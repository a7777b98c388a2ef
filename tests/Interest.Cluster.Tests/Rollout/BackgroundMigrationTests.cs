using Interest.Abstractions;
using Interest.Testing;

namespace Interest.Cluster.Tests.Rollout;

/// <summary>
/// After a switch of the served versions the silos rebuild their active users under the new ones in the background,
/// with no new events: each rebuilt state is the whole-sequence encoding of the user's recent window.
/// </summary>
public sealed class BackgroundMigrationTests : RolloutClusterTests
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["ModelRollout:CheckInterval"] = "00:00:00.200";
        settings["Users:ServedModelsRefresh"] = "00:00:00.200";
    }

    [Fact]
    public async Task After_a_switch_every_user_is_rebuilt_in_the_background_and_a_rollback_brings_the_old_lists_back()
    {
        var users = Enumerable.Range(0, 24).Select(i => $"migrate-{i}").ToArray();
        var history = await FeedAsync(users, eventsEach: 6, seed: 1);
        var before = await StatesAsync(users);
        Assert.All(before.Values, state => Assert.Equal("v1", state.ModelVersion));

        Engine.Serve(Engine.Load(Second), null, 0);
        var migrated = await Eventually.Until(() => StatesAsync(users), states => states.Values.All(s => s.ModelVersion == "v2"),
            TimeSpan.FromSeconds(30), "every user rebuilt under v2");
        foreach (var user in users)
        {
            Assert.Equal(6, migrated[user].EventCount);
            AssertEncodes(history[user], "v2", migrated[user]);
        }

        // Canary: the candidate's share moves to it, the rest stays.
        Engine.Serve(Engine.Find("v2")!, Engine.Load(First), canaryShare: 0.5);
        bool OnItsVersion(string user, UserStateSnapshot state) =>
            state.ModelVersion == (ServedModels.IsCanaryUser(user, 0.5) ? "v1" : "v2");
        var canary = await Eventually.Until(() => StatesAsync(users), states => states.All(pair => OnItsVersion(pair.Key, pair.Value)),
            TimeSpan.FromSeconds(30), "canary users on v1, the others on v2");
        Assert.Contains(canary.Values, state => state.ModelVersion == "v1");
        Assert.Contains(canary.Values, state => state.ModelVersion == "v2");

        // Rollback: v1 alone again, and the lists it served before.
        Engine.Serve(Engine.Find("v1")!, null, 0);
        var rolledBack = await Eventually.Until(() => StatesAsync(users), states => states.Values.All(s => s.ModelVersion == "v1"),
            TimeSpan.FromSeconds(30), "every user back on v1");
        foreach (var user in users)
        {
            Assert.Equal(before[user].Recommendations.Select(item => item.ItemId), rolledBack[user].Recommendations.Select(item => item.ItemId));
            AssertClose(before[user].Hidden, rolledBack[user].Hidden);
            var lookup = await Cluster.Client.GetGrain<IUserGrain>(user).GetRecommendations(5);
            Assert.Equal("v1", lookup.ModelVersion);
        }
    }

}
