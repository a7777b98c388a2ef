using System.Diagnostics;

namespace Interest.ModelRegistry;

/// <summary>
/// The rollout in the registry directory, for a registry without Redis: <c>rollout.json</c> (replaced atomically by a
/// rename; updates hold an exclusive lock on <c>rollout.lock</c>, so two processes cannot lose each other's change) and
/// one manifest <c>&lt;version&gt;.json</c> per published version.
/// </summary>
public sealed class FileModelRolloutStore : IModelRolloutStore
{
    public const string RolloutFileName = "rollout.json";
    public const string LockFileName = "rollout.lock";

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    public FileModelRolloutStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    private string RolloutPath => Path.Combine(Directory, RolloutFileName);

    private string ManifestPath(string version) => Path.Combine(Directory, version + ".json");

    public Task<ModelRollout> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ReadRollout());
    }

    public async Task<ModelRollout> UpdateAsync(Func<ModelRollout, ModelRollout> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var exclusive = await LockAsync(cancellationToken);
        var current = ReadRollout();
        var next = change(current);
        if (ReferenceEquals(next, current)) return current;
        AtomicFile.Replace(RolloutPath, RegistryJson.Serialize(next));
        return next;
    }

    public Task<IReadOnlyList<RegisteredModel>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!System.IO.Directory.Exists(Directory)) return Task.FromResult<IReadOnlyList<RegisteredModel>>([]);
        IReadOnlyList<RegisteredModel> models = System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Where(path => Path.GetFileName(path) is var name && name != RolloutFileName && !name.StartsWith('.'))
            .Select(ReadManifest)
            .OrderBy(model => model.PublishedAt).ThenBy(model => model.Version, StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(models);
    }

    public Task AddAsync(RegisteredModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelVersionName.Check(model.Version);
        cancellationToken.ThrowIfCancellationRequested();
        System.IO.Directory.CreateDirectory(Directory);
        string path = ManifestPath(model.Version);
        if (AtomicFile.TryCreate(path, RegistryJson.Serialize(model))) return Task.CompletedTask;

        var registered = ReadManifest(path);
        if (!string.Equals(registered.Sha256, model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelRegistryException(
                $"Refused: version '{model.Version}' is already published with other bytes (SHA-256 {registered.Sha256}, {path}); publish under a new version.");
        }
        return Task.CompletedTask;
    }

    private ModelRollout ReadRollout()
    {
        string path = RolloutPath;
        if (!File.Exists(path)) return ModelRollout.Empty;
        return RegistryJson.DeserializeRollout(File.ReadAllText(path), $"rollout file '{path}'");
    }

    private static RegisteredModel ReadManifest(string path) => RegistryJson.Deserialize<RegisteredModel>(File.ReadAllText(path), $"manifest '{path}'");

    /// <summary>
    /// The lock file opened without sharing, which on Linux takes an exclusive <c>flock</c> that other processes (and
    /// other opens in this one) respect; released when disposed.
    /// </summary>
    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string path = Path.Combine(Directory, LockFileName);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException exception) when (File.Exists(path))
            {
                if (clock.Elapsed > LockTimeout)
                {
                    throw new ModelRegistryException(
                        $"The rollout lock '{path}' has been held by another writer for over {LockTimeout.TotalSeconds:0} s; try again once it is done.", exception);
                }
                await Task.Delay(Random.Shared.Next(1, 10), cancellationToken);
            }
        }
    }
}
