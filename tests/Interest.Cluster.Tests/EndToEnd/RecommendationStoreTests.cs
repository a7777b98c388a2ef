using System.Net.Http.Json;
using System.Text.Json;
using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.RecommendationStore;
using Interest.Testing;
using Interest.Web.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Interest.Cluster.Tests.EndToEnd;

/// <summary>The web tier's lookups read each user's list from Redis, where the user grain publishes it after every update.</summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class RecommendationStoreTests(ProductionCluster shared)
{
    private RedisRecommendationStore Store => shared.Web.Services.GetRequiredService<RedisRecommendationStore>();

    [Fact]
    public async Task Lookups_read_the_list_the_user_grain_published_and_ask_the_grain_when_there_is_none()
    {
        const string user = "store-user-1";
        var events = EventsFor(user, 6);
        var grain = shared.Grains.GetGrain<IUserGrain>(user);
        await grain.ApplyEvents(events);
        var state = await grain.GetState();

        var published = await Store.TryReadAsync(user, InterestLimits.MaxTopK);
        Assert.NotNull(published);
        Assert.Equal(state.Recommendations, published.Items);
        Assert.Equal(6, published.EventCount);
        Assert.True(published.Personalised);
        Assert.Equal(state.ModelVersion, published.ModelVersion);

        var (fromStore, storeTiming) = await LookUp(user, 5);
        Assert.StartsWith(ServerTiming.StoreReadMetric + ";dur=", storeTiming);
        Assert.Equal(state.Recommendations.Take(5).Select(i => i.ItemId), ItemIds(fromStore));
        Assert.Equal(6, fromStore.GetProperty("eventCount").GetInt64());

        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Redis.ConnectionString);
        var timeToLive = await redis.GetDatabase().KeyTimeToLiveAsync(Store.KeyFor(user));
        Assert.NotNull(timeToLive);
        Assert.InRange(timeToLive.Value, TimeSpan.FromHours(23), TimeSpan.FromDays(1));

        // Expired (or never written): the grain answers, with the same list.
        Assert.True(await redis.GetDatabase().KeyDeleteAsync(Store.KeyFor(user)));
        var (fromGrain, grainTiming) = await LookUp(user, 5);
        Assert.StartsWith(ServerTiming.GrainCallMetric + ";dur=", grainTiming);
        Assert.Equal(ItemIds(fromStore), ItemIds(fromGrain));

        // A redelivery that finds only duplicates publishes again: this is how a publish that failed is repaired.
        var replay = await grain.ApplyEvents(events);
        Assert.Equal(6, replay.DuplicatesSkipped);
        Assert.Equal(state.Recommendations, (await Store.TryReadAsync(user, InterestLimits.MaxTopK))?.Items);
    }

    [Fact]
    public async Task A_late_write_of_a_list_of_fewer_events_does_not_replace_the_published_list()
    {
        const string user = "store-late-writer";
        var newer = new UserRecommendations(user, [new ScoredItem(7, 0.9f)], "v", DateTimeOffset.UtcNow, 12, true);
        var stale = newer with { Items = [new ScoredItem(3, 0.5f)], EventCount = 9 };
        await Store.PublishAsync(newer);
        // What a silo cut off the network sends when its link comes back, after the silo that took over published.
        await Store.PublishAsync(stale);
        var published = await Store.TryReadAsync(user, InterestLimits.MaxTopK);
        Assert.Equal(12, published!.EventCount);
        Assert.Equal(7, Assert.Single(published.Items).ItemId);

        var same = newer with { Items = [new ScoredItem(8, 0.8f)] };
        await Store.PublishAsync(same);
        Assert.Equal(8, Assert.Single((await Store.TryReadAsync(user, InterestLimits.MaxTopK))!.Items).ItemId);
    }

    [Fact]
    public async Task A_user_without_events_has_no_published_list_and_gets_the_popular_items_from_the_grain()
    {
        const string user = "store-user-cold";
        Assert.Null(await Store.TryReadAsync(user, 5));
        // Popularity counts traffic (this cluster's model has no prior): give it some, then wait for the silo's cached
        // list, refreshed every few seconds, to include it.
        await shared.Grains.GetGrain<IUserGrain>("store-user-traffic").ApplyEvents(EventsFor("store-user-traffic", 6));
        var (cold, timing) = await Eventually.Until(() => LookUp(user, 5), answer => answer.Body.GetProperty("items").GetArrayLength() == 5,
            TimeSpan.FromSeconds(30), "the popular list");
        Assert.StartsWith(ServerTiming.GrainCallMetric + ";dur=", timing);
        Assert.False(cold.GetProperty("personalised").GetBoolean());
        Assert.Null(await Store.TryReadAsync(user, 5));
    }

    [Fact]
    public async Task Lookups_ask_the_grain_when_the_store_does_not_answer()
    {
        const string user = "store-user-unreachable";
        var grain = shared.Grains.GetGrain<IUserGrain>(user);
        await grain.ApplyEvents(EventsFor(user, 3));
        var state = await grain.GetState();

        var serializer = shared.Web.Services.GetRequiredService<Serializer<UserRecommendations>>();
        await using var unreachable = new RedisRecommendationStore($"127.0.0.1:{FreePort.Next()},connectTimeout=500", new RecommendationStoreOptions(), serializer);
        var lookup = new RecommendationLookup(shared.Grains, unreachable, TimeProvider.System, NullLogger<RecommendationLookup>.Instance);

        for (int attempt = 0; attempt < 3; attempt++)
        {
            var (recommendations, timing) = await lookup.GetAsync(user, 5);
            Assert.StartsWith(ServerTiming.GrainCallMetric + ";dur=", timing);
            Assert.Equal(state.Recommendations.Take(5), recommendations.Items);
        }
    }

    private static DeliveredEvent[] EventsFor(string user, int count) => TestEvents.For(user, count, firstItemId: 20);

    private async Task<(JsonElement Body, string ServerTiming)> LookUp(string user, int k)
    {
        using var response = await shared.Http.GetAsync($"/users/{user}/recommendations?k={k}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), string.Join(",", response.Headers.GetValues("Server-Timing")));
    }

    private static IEnumerable<int> ItemIds(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("itemId").GetInt32()).ToArray();
}
