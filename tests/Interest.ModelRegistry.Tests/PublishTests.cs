using System.Security.Cryptography;
using Interest.Testing;

namespace Interest.ModelRegistry.Tests;

public sealed class PublishTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private async Task<ModelRegistry> RegistryAsync(string kind, TemporaryDirectory directory, string? prefix = null)
    {
        string registry = directory.File("registry");
        return new ModelRegistry(registry, await Stores.OpenAsync(kind, registry, redis, prefix ?? RedisFixture.NewPrefix()), new SteppingTime(Start));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_published_model_is_listed_with_its_metadata_size_and_hash(string kind)
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(kind, directory);
        string source = TestModels.Write(directory.File("trained.model"), "games-v1");
        byte[] bytes = File.ReadAllBytes(source);

        var published = await registry.PublishAsync(source);

        var listed = Assert.Single(await registry.ListAsync());
        Assert.Equal(published, listed with { TrainingMetrics = published.TrainingMetrics });
        Assert.Equal(published.TrainingMetrics, listed.TrainingMetrics);
        Assert.Equal("games-v1", listed.Version);
        Assert.Equal((40, 8, 6), (listed.ItemCount, listed.EmbeddingSize, listed.HiddenSize));
        Assert.Equal(TestModels.CreatedAt, listed.CreatedAt);
        Assert.Equal(Start, listed.PublishedAt);
        Assert.Equal(0.0625, listed.TrainingMetrics!["test_full_ndcg@10"]);
        Assert.Equal(bytes.Length, listed.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), listed.Sha256);
        Assert.Equal(Path.Combine(registry.Directory, "games-v1.model"), registry.PathOf("games-v1"));
        Assert.Equal(bytes, File.ReadAllBytes(registry.PathOf("games-v1")));
        // No temporary file is left behind.
        Assert.DoesNotContain(Directory.EnumerateFiles(registry.Directory), path => Path.GetFileName(path).StartsWith('.'));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_first_published_version_becomes_current_and_later_ones_do_not(string kind)
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(kind, directory);
        Assert.Equal(ModelRollout.Empty, await registry.ReadRolloutAsync());

        await registry.PublishAsync(TestModels.Write(directory.File("a.model"), "a"));
        var afterFirst = await registry.ReadRolloutAsync();
        await registry.PublishAsync(TestModels.Write(directory.File("b.model"), "b", seed: 2));
        var afterSecond = await registry.ReadRolloutAsync();

        Assert.Equal("a", afterFirst.Current);
        Assert.Null(afterFirst.Candidate);
        Assert.Empty(afterFirst.History);
        Assert.NotEqual(ModelRollout.Empty.ChangedAt, afterFirst.ChangedAt);
        Assert.Equal("a", afterSecond.Current);
        Assert.Equal(afterFirst.ChangedAt, afterSecond.ChangedAt);
        Assert.Equal(["a", "b"], (await registry.ListAsync()).Select(model => model.Version));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Publishing_the_same_bytes_again_changes_nothing(string kind)
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(kind, directory);
        string source = TestModels.Write(directory.File("a.model"), "a");
        var first = await registry.PublishAsync(source);
        var rollout = await registry.ReadRolloutAsync();

        var again = await registry.PublishAsync(source);
        // The copy in the registry published once more: still the same bytes.
        var fromRegistry = await registry.PublishAsync(registry.PathOf("a"));

        Assert.Equal(first.PublishedAt, again.PublishedAt);
        Assert.Equal(first.Sha256, again.Sha256);
        Assert.Equal(first.PublishedAt, fromRegistry.PublishedAt);
        Assert.Single(await registry.ListAsync());
        Assert.Equal(rollout.ChangedAt, (await registry.ReadRolloutAsync()).ChangedAt);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Other_bytes_under_a_published_version_are_refused(string kind)
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(kind, directory);
        var first = await registry.PublishAsync(TestModels.Write(directory.File("a.model"), "a", seed: 1));
        byte[] publishedBytes = File.ReadAllBytes(registry.PathOf("a"));

        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.PublishAsync(TestModels.Write(directory.File("a2.model"), "a", seed: 2)));

        Assert.Contains("already published with other bytes", refused.Message);
        Assert.Contains(first.Sha256, refused.Message);
        Assert.Equal(publishedBytes, File.ReadAllBytes(registry.PathOf("a")));
        Assert.Equal(first, Assert.Single(await registry.ListAsync()) with { TrainingMetrics = first.TrainingMetrics });
    }

    [Fact]
    public async Task A_model_file_left_without_a_manifest_is_not_overwritten_by_other_bytes()
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(Stores.File, directory);
        Directory.CreateDirectory(registry.Directory);
        TestModels.Write(registry.PathOf("a"), "a", seed: 1);
        byte[] leftOver = File.ReadAllBytes(registry.PathOf("a"));

        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.PublishAsync(TestModels.Write(directory.File("a.model"), "a", seed: 2)));

        Assert.Contains("has no manifest", refused.Message);
        Assert.Equal(leftOver, File.ReadAllBytes(registry.PathOf("a")));
        Assert.Empty(await registry.ListAsync());
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "truncated", "truncated" },
        { "bad magic", "not an Interest model file" },
        { "weights cut short", "the weights could not be read" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task A_corrupt_file_is_refused_with_the_reason_and_nothing_is_written(string corruption, string reason)
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(Stores.File, directory);
        string source = TestModels.Write(directory.File("bad.model"), "bad");
        byte[] bytes = File.ReadAllBytes(source);
        switch (corruption)
        {
            case "truncated": File.WriteAllBytes(source, bytes[..6]); break;
            case "bad magic": bytes[0] = (byte)'X'; File.WriteAllBytes(source, bytes); break;
            default: File.WriteAllBytes(source, bytes[..(bytes.Length - 100)]); break;
        }

        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.PublishAsync(source));

        Assert.Contains(reason, refused.Message);
        Assert.Contains(source, refused.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(registry.Directory));
        Assert.Empty(await registry.ListAsync());
        Assert.Equal(ModelRollout.Empty, await registry.ReadRolloutAsync());
    }

    [Fact]
    public async Task A_missing_file_is_refused()
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(Stores.File, directory);

        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.PublishAsync(directory.File("nowhere.model")));

        Assert.Contains("does not exist", refused.Message);
        Assert.False(Directory.Exists(registry.Directory));
    }

    public static TheoryData<string> BadNames => ["", "../escape", "a/b", "a\\b", ".hidden", "-dash-first", "rollout", "with space", "ünicode",
        new string('v', ModelVersionName.MaxLength + 1)];

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Bad_version_names_are_refused(string version)
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(Stores.File, directory);

        Assert.Throws<ModelRegistryException>(() => registry.PathOf(version));
        await Assert.ThrowsAsync<ModelRegistryException>(() => registry.PromoteAsync(version));
        await Assert.ThrowsAsync<ModelRegistryException>(() => registry.SetCandidateAsync(version, 0.5));
        await Assert.ThrowsAsync<ModelRegistryException>(() => registry.Store.AddAsync(
            new RegisteredModel(version, 1, 1, 1, TestModels.CreatedAt, TestModels.CreatedAt, null, 1, "00")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task A_model_whose_metadata_names_a_bad_version_is_refused_and_nothing_is_written()
    {
        using var directory = new TemporaryDirectory();
        var registry = await RegistryAsync(Stores.File, directory);
        string source = TestModels.Write(directory.File("escape.model"), "../escape");

        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.PublishAsync(source));

        Assert.Contains("'../escape'", refused.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(registry.Directory));
        Assert.Equal(["escape.model", "registry"], Directory.EnumerateFileSystemEntries(directory.Path).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("games-seed42-20261206-0251")]
    [InlineData("2026.12.06_b")]
    public void Good_version_names_map_to_a_file_in_the_registry(string version)
    {
        var registry = new ModelRegistry("/registry", new FileModelRolloutStore("/registry"));
        Assert.Null(ModelVersionName.Problem(version));
        Assert.Equal($"/registry/{version}.model", registry.PathOf(version));
        Assert.Null(ModelVersionName.Problem(new string('v', ModelVersionName.MaxLength)));
    }
}
