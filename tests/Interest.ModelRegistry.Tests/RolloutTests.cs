using Interest.Testing;

namespace Interest.ModelRegistry.Tests;

public sealed class RolloutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A registry with versions <paramref name="versions"/> published in that order (the first is current).</summary>
    private async Task<ModelRegistry> PublishedAsync(string kind, TemporaryDirectory directory, string prefix, params string[] versions)
    {
        string path = directory.File("registry");
        var registry = new ModelRegistry(path, await Stores.OpenAsync(kind, path, redis, prefix), new SteppingTime(Start));
        for (int i = 0; i < versions.Length; i++)
        {
            await registry.PublishAsync(TestModels.Write(directory.File($"{versions[i]}.source"), versions[i], seed: i + 1));
        }
        return registry;
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Candidate_promote_and_rollback_move_the_pointers_in_order(string kind)
    {
        using var directory = new TemporaryDirectory();
        string prefix = RedisFixture.NewPrefix();
        var registry = await PublishedAsync(kind, directory, prefix, "a", "b", "c");
        var changes = new List<ModelRollout> { await registry.ReadRolloutAsync() };
        async Task<ModelRollout> Step(Task<ModelRollout> change)
        {
            var rollout = await change;
            // Every instance on the same data sees what the change wrote.
            var elsewhere = await (await Stores.OpenAsync(kind, registry.Directory, redis, prefix)).ReadAsync();
            Assert.Equal((rollout.Current, rollout.Candidate, rollout.CanaryShare, rollout.ChangedAt), (elsewhere.Current, elsewhere.Candidate, elsewhere.CanaryShare, elsewhere.ChangedAt));
            Assert.Equal(rollout.History, elsewhere.History);
            changes.Add(rollout);
            return rollout;
        }

        var canary = await Step(registry.SetCandidateAsync("b", 0.1));
        Assert.Equal(("a", "b", 0.1), (canary.Current, canary.Candidate, canary.CanaryShare));
        Assert.Empty(canary.History);

        var promotedCandidate = await Step(registry.PromoteAsync("b"));
        Assert.Equal(("b", (string?)null, 0.0), (promotedCandidate.Current, promotedCandidate.Candidate, promotedCandidate.CanaryShare));
        Assert.Equal(["a"], promotedCandidate.History);

        var promoted = await Step(registry.PromoteAsync("c"));
        Assert.Equal("c", promoted.Current);
        Assert.Equal(["a", "b"], promoted.History);

        var again = await registry.PromoteAsync("c");
        Assert.Equal(promoted.ChangedAt, again.ChangedAt);
        Assert.Equal(promoted.History, again.History);

        var secondCanary = await Step(registry.SetCandidateAsync("a", 1));
        Assert.Equal(("c", "a", 1.0), (secondCanary.Current, secondCanary.Candidate, secondCanary.CanaryShare));
        var cleared = await Step(registry.ClearCandidateAsync());
        Assert.Equal(("c", (string?)null, 0.0), (cleared.Current, cleared.Candidate, cleared.CanaryShare));
        Assert.Equal(cleared.ChangedAt, (await registry.ClearCandidateAsync()).ChangedAt);

        await Step(registry.SetCandidateAsync("a", 0.5));
        var rolledBack = await Step(registry.RollbackAsync());
        Assert.Equal(("b", (string?)null, 0.0), (rolledBack.Current, rolledBack.Candidate, rolledBack.CanaryShare));
        Assert.Equal(["a"], rolledBack.History);

        var first = await Step(registry.RollbackAsync());
        Assert.Equal("a", first.Current);
        Assert.Empty(first.History);

        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.RollbackAsync());
        Assert.Contains("nothing to roll back to", refused.Message);
        Assert.Equal(first.ChangedAt, (await registry.ReadRolloutAsync()).ChangedAt);

        // Every change has a later time than the one before.
        Assert.All(changes.Zip(changes.Skip(1)), pair => Assert.True(pair.Second.ChangedAt > pair.First.ChangedAt));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_candidate_must_be_another_published_version_with_a_share_up_to_one(string kind)
    {
        using var directory = new TemporaryDirectory();
        var registry = await PublishedAsync(kind, directory, RedisFixture.NewPrefix(), "a", "b");
        var before = await registry.ReadRolloutAsync();

        foreach (double share in new[] { 0, -0.1, 1.5, double.NaN, double.PositiveInfinity })
        {
            var badShare = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.SetCandidateAsync("b", share));
            Assert.Contains("canary share", badShare.Message);
        }
        var current = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.SetCandidateAsync("a", 0.1));
        Assert.Contains("already current", current.Message);
        var unpublished = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.SetCandidateAsync("z", 0.1));
        Assert.Contains("'z' is not published (a, b are)", unpublished.Message);

        Assert.Equal(before.ChangedAt, (await registry.ReadRolloutAsync()).ChangedAt);
        Assert.Null((await registry.ReadRolloutAsync()).Candidate);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Promoting_an_unpublished_version_is_refused(string kind)
    {
        using var directory = new TemporaryDirectory();
        var registry = await PublishedAsync(kind, directory, RedisFixture.NewPrefix());

        var nothing = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.PromoteAsync("v9"));
        Assert.Contains("'v9' is not published (none is)", nothing.Message);
        Assert.Equal(ModelRollout.Empty, await registry.ReadRolloutAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_history_keeps_the_twenty_most_recent_versions(string kind)
    {
        using var directory = new TemporaryDirectory();
        string[] versions = [.. Enumerable.Range(0, ModelRollout.MaxHistory + 3).Select(i => $"v{i:00}")];
        var registry = await PublishedAsync(kind, directory, RedisFixture.NewPrefix(), versions);

        foreach (string version in versions.Skip(1)) await registry.PromoteAsync(version);

        var rollout = await registry.ReadRolloutAsync();
        Assert.Equal(versions[^1], rollout.Current);
        Assert.Equal(versions[2..^1], rollout.History);
    }
}
