using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interest.Cluster.Tests.Cluster;

/// <summary>The popular items that new users are shown, as a silo caches them from the inference silo.</summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class PopularItemsCacheTests(ProductionCluster shared)
{
    [Fact]
    public async Task Callers_that_race_the_first_fetch_wait_for_it_instead_of_getting_an_empty_list()
    {
        await GiveTrafficAsync("popular-traffic-1");
        var cache = new PopularItemsCache(shared.Grains, TimeProvider.System, NullLogger<PopularItemsCache>.Instance);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.GetAsync(5))));

        Assert.All(answers, answer => Assert.Equal(5, answer.Length));
        Assert.All(answers, answer => Assert.Equal(answers[0].Select(i => i.ItemId), answer.Select(i => i.ItemId)));
    }

    [Fact]
    public async Task A_caller_gets_the_first_k_items_of_the_held_list()
    {
        await GiveTrafficAsync("popular-traffic-2");
        var cache = new PopularItemsCache(shared.Grains, TimeProvider.System, NullLogger<PopularItemsCache>.Instance);

        var all = await cache.GetAsync(InterestLimits.MaxTopK);
        var three = await cache.GetAsync(3);

        Assert.True(all.Length >= 6);
        Assert.Equal(all.Take(3).Select(i => i.ItemId), three.Select(i => i.ItemId));
    }

    // Popularity counts traffic (this cluster's model has no prior), so each test gives it at least six items.
    private Task GiveTrafficAsync(string user) => shared.Grains.GetGrain<IUserGrain>(user).ApplyEvents(TestEvents.For(user, 6, firstItemId: 30));
}
