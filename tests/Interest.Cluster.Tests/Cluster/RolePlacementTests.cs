using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;

namespace Interest.Cluster.Tests.Cluster;

[Collection(InProcessClusterCollection.Name)]
public sealed class RolePlacementTests(InProcessCluster shared)
{
    [Fact]
    public async Task Inference_activations_run_only_on_the_silo_with_the_inference_role()
    {
        var silos = shared.Interest.Cluster.Silos;
        Assert.Equal(2, silos.Count);
        string inferenceSilo = shared.Interest.InferenceSilo.SiloAddress.ToString();

        var hosts = await Task.WhenAll(Enumerable.Range(0, 16).Select(shard => shared.Interest.Client.GetGrain<IInferenceGrain>(shard).GetHostSilo()));

        Assert.All(hosts, host => Assert.Equal(inferenceSilo, host));
    }

    [Fact]
    public async Task Users_on_the_silo_without_the_role_still_get_recommendations()
    {
        var users = Enumerable.Range(0, 40).Select(i => $"placement-{i}").ToArray();
        var results = await Task.WhenAll(users.Select((user, i) => shared.Interest.Client.GetGrain<IUserGrain>(user)
            .ApplyEvents([new DeliveredEvent(new ClickEvent($"p-{i}", user, 10 + i, ClickEventType.View, 1_700_000_000_000), 0, 0)])));

        Assert.All(results, r => Assert.Equal(1, r.Applied));
        var recommendations = await Task.WhenAll(users.Select(u => shared.Interest.Client.GetGrain<IUserGrain>(u).GetRecommendations(5)));
        Assert.All(recommendations, r => Assert.True(r.Personalised && r.Items.Length == 5));
    }
}
