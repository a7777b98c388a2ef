using Interest.Inference;
using Interest.ModelRegistry;
using Registry = Interest.ModelRegistry.ModelRegistry;

namespace Interest.Benchmarks.Cluster;

/// <summary>
/// A model registry of the run's own for the migration section: a temporary directory holding the model the benchmark
/// serves, published under <see cref="Versions"/> (the same weights re-saved under each version name, so that a
/// promote costs a load, a switch and a migration but changes no list), with the rollout in the run's Redis when it
/// has one (as in production), else in the directory. The benchmark promotes through the same store the silo reads.
/// </summary>
public sealed class BenchmarkModelRegistry : IAsyncDisposable
{
    private readonly IModelRolloutStore _store;

    private BenchmarkModelRegistry(string directory, IModelRolloutStore store, IReadOnlyList<string> versions)
    {
        _store = store;
        Registry = new Registry(directory, store);
        Versions = versions;
    }

    public Registry Registry { get; }

    /// <summary>The published versions; the first is current when the cluster starts.</summary>
    public IReadOnlyList<string> Versions { get; }

    public string Directory => Registry.Directory;

    /// <summary>Where the rollout pointers live, for the report.</summary>
    public string RolloutStore => _store is RedisModelRolloutStore ? "Redis (the run's redis-server)" : "the registry directory (rollout.json)";

    /// <summary>Publishes <paramref name="count"/> versions of the served model (<paramref name="settings"/>' model file, else the untrained model).</summary>
    public static async Task<BenchmarkModelRegistry> CreateAsync(BenchmarkSettings settings, string? redis, int count, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(Path.GetTempPath(), "interest-bench", "registry-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        IModelRolloutStore store = redis is null ? new FileModelRolloutStore(directory) : await RedisModelRolloutStore.ConnectAsync(redis, "interest:models");
        var registry = new BenchmarkModelRegistry(directory, store, Enumerable.Range(1, count).Select(n => $"bench-v{n}").ToArray());
        try
        {
            string staging = Path.Combine(directory, "staging");
            System.IO.Directory.CreateDirectory(staging);
            var (model, metadata) = Served(settings);
            using (model)
            {
                foreach (string version in registry.Versions)
                {
                    string file = Path.Combine(staging, version + ".model");
                    ModelFile.Save(file, model, metadata with { Version = version, CreatedAt = DateTimeOffset.UtcNow });
                    await registry.Registry.PublishAsync(file, cancellationToken);
                    File.Delete(file);
                }
            }
            System.IO.Directory.Delete(staging);
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo settings that make a silo follow this registry and start on its current version.</summary>
    public BenchmarkSettings Configure(BenchmarkSettings settings) => settings with
    {
        ModelPath = Registry.PathOf(Versions[0]),
        SiloSettings = new Dictionary<string, string>(settings.SiloSettings) { [$"{ModelRegistryOptions.SectionName}:Directory"] = Directory },
    };

    public Task<ModelRollout> PromoteAsync(string version, CancellationToken cancellationToken) => Registry.PromoteAsync(version, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable) await disposable.DisposeAsync();
        ProcessCluster.TryDelete(Directory);
    }

    private static (InterestModel Model, ModelMetadata Metadata) Served(BenchmarkSettings settings)
    {
        if (settings.ModelPath is { } path) return ModelFile.Load(path, TorchDevices.Resolve("cpu"));
        var model = new InterestModel(settings.ItemCount, settings.EmbeddingSize, settings.HiddenSize, seed: 42, TorchDevices.Resolve("cpu"));
        return (model, ModelMetadata.For(model, "bench-v1"));
    }
}
