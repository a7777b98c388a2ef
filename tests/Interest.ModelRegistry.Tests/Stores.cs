namespace Interest.ModelRegistry.Tests;

/// <summary>The two rollout stores, for theories that must hold for both.</summary>
public static class Stores
{
    public const string File = "file";
    public const string Redis = "redis";

    public static TheoryData<string> Both => [File, Redis];

    /// <summary>
    /// A new store instance of <paramref name="kind"/> over <paramref name="directory"/> (file) or the fixture's server
    /// with <paramref name="prefix"/> (redis); two calls with the same arguments give two instances on the same data.
    /// </summary>
    public static async Task<IModelRolloutStore> OpenAsync(string kind, string directory, RedisFixture redis, string prefix) => kind switch
    {
        File => new FileModelRolloutStore(directory),
        Redis => new RedisModelRolloutStore(await redis.ConnectAsync(), prefix),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
