using Interest.Testing;

namespace Interest.ModelRegistry.Tests;

/// <summary>Two processes' worth of writers (two store instances on the same data) at once: no change may be lost.</summary>
public sealed class ConcurrencyTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const int WritersPerInstance = 20;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Concurrent_updates_from_two_store_instances_lose_no_change(string kind)
    {
        using var directory = new TemporaryDirectory();
        string prefix = RedisFixture.NewPrefix();
        IModelRolloutStore[] instances = [await Stores.OpenAsync(kind, directory.Path, redis, prefix), await Stores.OpenAsync(kind, directory.Path, redis, prefix)];

        var writers = instances.SelectMany((store, instance) => Enumerable.Range(0, WritersPerInstance).Select(writer => Task.Run(() =>
            store.UpdateAsync(rollout => rollout with { History = [.. rollout.History, $"{instance}-{writer}"], ChangedAt = DateTimeOffset.UtcNow }))));
        await Task.WhenAll(writers);

        var history = (await instances[0].ReadAsync()).History;
        Assert.Equal(2 * WritersPerInstance, history.Count);
        Assert.Equal(2 * WritersPerInstance, history.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Concurrent_promotes_from_two_registries_keep_every_previous_version(string kind)
    {
        using var directory = new TemporaryDirectory();
        string prefix = RedisFixture.NewPrefix();
        string path = directory.File("registry");
        ModelRegistry[] registries =
        [
            new(path, await Stores.OpenAsync(kind, path, redis, prefix)),
            new(path, await Stores.OpenAsync(kind, path, redis, prefix)),
        ];
        string[] versions = [.. Enumerable.Range(0, ModelRollout.MaxHistory + 1).Select(i => $"v{i:00}")];
        for (int i = 0; i < versions.Length; i++)
        {
            await registries[i % 2].PublishAsync(TestModels.Write(directory.File($"{versions[i]}.source"), versions[i], seed: i + 1, itemCount: 10, embeddingSize: 2, hiddenSize: 2));
        }

        // v00 is current; the other 20 are promoted at once, half through each registry.
        await Task.WhenAll(versions.Skip(1).Select((version, i) => Task.Run(() => registries[i % 2].PromoteAsync(version))));

        var rollout = await registries[0].ReadRolloutAsync();
        Assert.Equal(ModelRollout.MaxHistory, rollout.History.Count);
        Assert.Equal(versions, rollout.History.Append(rollout.Current!).Order(StringComparer.Ordinal));
    }
}
