using Interest.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interest.ModelRegistry.Tests;

public sealed class RegistrationTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static ServiceProvider Provider(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        more?.Invoke(services);
        services.AddModelRegistry(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_a_directory_the_options_are_bound_and_no_registry_is_registered()
    {
        using var provider = Provider(new() { ["ModelRegistry:PollInterval"] = "00:00:05", ["Redis:ConnectionString"] = "127.0.0.1:1" });

        Assert.Null(provider.GetService<ModelRegistry>());
        Assert.Null(provider.GetService<IModelRolloutStore>());
        var options = provider.GetRequiredService<IOptions<ModelRegistryOptions>>().Value;
        Assert.Null(options.Directory);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PollInterval);
        Assert.Equal("interest:models", options.RedisKeyPrefix);
    }

    [Fact]
    public async Task With_a_directory_and_no_redis_the_rollout_is_in_the_directory()
    {
        using var directory = new TemporaryDirectory();
        await using var provider = Provider(new() { ["ModelRegistry:Directory"] = directory.Path });

        var registry = provider.GetRequiredService<ModelRegistry>();
        Assert.Equal(directory.Path, registry.Directory);
        Assert.IsType<FileModelRolloutStore>(registry.Store);
        Assert.Same(provider.GetRequiredService<IModelRolloutStore>(), registry.Store);

        await registry.PublishAsync(TestModels.Write(directory.File("source.bin"), "a"));
        Assert.True(File.Exists(directory.File(FileModelRolloutStore.RolloutFileName)));
        Assert.True(File.Exists(directory.File("a.json")));
    }

    [Fact]
    public async Task With_redis_the_registered_connection_is_used_under_the_configured_prefix()
    {
        using var directory = new TemporaryDirectory();
        var connection = await redis.ConnectAsync();
        string prefix = RedisFixture.NewPrefix();
        await using (var provider = Provider(
            new() { ["ModelRegistry:Directory"] = directory.Path, ["ModelRegistry:RedisKeyPrefix"] = prefix, ["Redis:ConnectionString"] = "127.0.0.1:1" },
            services => services.AddSingleton(connection)))
        {
            var registry = provider.GetRequiredService<ModelRegistry>();
            Assert.IsType<RedisModelRolloutStore>(registry.Store);
            await registry.PublishAsync(TestModels.Write(directory.File("source.bin"), "a"));
        }

        // The store did not close the connection it was given, and wrote the keys the silos read.
        var database = connection.GetDatabase();
        Assert.Contains("\"current\": \"a\"", (string?)await database.StringGetAsync($"{prefix}:rollout"));
        Assert.True(await database.HashExistsAsync($"{prefix}:versions", "a"));
        Assert.False(File.Exists(directory.File(FileModelRolloutStore.RolloutFileName)));
    }

    [Fact]
    public async Task With_redis_and_no_registered_connection_the_store_connects_its_own()
    {
        using var directory = new TemporaryDirectory();
        string prefix = RedisFixture.NewPrefix();
        await using var provider = Provider(new()
        {
            ["ModelRegistry:Directory"] = directory.Path, ["ModelRegistry:RedisKeyPrefix"] = prefix, ["Redis:ConnectionString"] = redis.ConnectionString,
        });

        var registry = provider.GetRequiredService<ModelRegistry>();
        await registry.PublishAsync(TestModels.Write(directory.File("source.bin"), "a"));

        var connection = await redis.ConnectAsync();
        Assert.True(await connection.GetDatabase().HashExistsAsync($"{prefix}:versions", "a"));
        Assert.Equal("a", (await new RedisModelRolloutStore(connection, prefix).ReadAsync()).Current);
    }
}
