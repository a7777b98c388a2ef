using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;

namespace Interest.Cluster.Tests.Cluster;

[Collection(InProcessClusterCollection.Name)]
public sealed class BatchingTests(InProcessCluster shared)
{
    [Fact]
    public async Task Concurrent_updates_from_many_grains_form_batches_of_more_than_one_user()
    {
        var inference = shared.Interest.Client.GetGrain<IInferenceGrain>(0);
        var before = await inference.GetStatistics();

        var users = Enumerable.Range(0, 300).Select(i => $"batching-{i}").ToArray();
        await Task.WhenAll(users.Select((user, i) => shared.Interest.Client.GetGrain<IUserGrain>(user)
            .ApplyEvents([new DeliveredEvent(new ClickEvent($"b-{i}", user, 1 + i, ClickEventType.Click, 1_700_000_000_000), 0, 0)])));

        var after = await inference.GetStatistics();
        Assert.True(after.Requests - before.Requests >= users.Length, $"requests went from {before.Requests} to {after.Requests}");
        Assert.True(after.BatchesOfMoreThanOne > before.BatchesOfMoreThanOne, $"no multi-user batch formed: {after}");
        Assert.True(after.LargestBatch > 1);
        Assert.True(after.Batches - before.Batches < users.Length, $"{after.Batches - before.Batches} batches for {users.Length} users");
    }
}
