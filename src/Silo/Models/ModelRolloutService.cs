using Interest.Inference;
using Interest.ModelRegistry;
using Microsoft.Extensions.Options;

namespace Interest.Silo.Models;

/// <summary>
/// On an inference silo, follows the registry's rollout (current version, canary candidate and share): loads a version
/// it does not serve yet while the engine goes on serving, then switches the engine between two batches. A file that
/// is corrupt or fails the engine's check is refused with an error log line and a count on
/// <c>interest.models.load_failures</c>, and the versions already served keep serving; the file is tried again only
/// once it changes. No restart.
/// </summary>
public sealed partial class ModelRolloutService(
    ModelRegistry.ModelRegistry registry,
    IInferenceEngine engine,
    IOptions<ModelRegistryOptions> options,
    TimeProvider time,
    ILogger<ModelRolloutService> logger) : BackgroundService
{
    private readonly Dictionary<string, FileStamp> _refused = [];
    private ModelRollout? _applied;

    /// <summary>Serves the registry's current version before the silo reports ready, when there is one.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FollowAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRegistryUnreadable(logger, registry.Directory, e.Message);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRegistryUnreadable(logger, registry.Directory, e.Message);
            }
        }
    }

    /// <summary>Brings the engine to the registry's rollout as far as the files allow.</summary>
    internal async Task FollowAsync(CancellationToken cancellationToken)
    {
        var rollout = await registry.ReadRolloutAsync(cancellationToken);
        if (rollout.Current is null || SameTargets(rollout, _applied)) return;

        var served = engine.Served;
        var current = Obtain(rollout.Current, served.Current.Version);
        if (current is null)
        {
            // The engine keeps its current version; a candidate still needs a current to be tried beside.
            _applied = null;
            return;
        }
        ServedModel? candidate = null;
        if (rollout.Candidate is { } candidateVersion && candidateVersion != rollout.Current)
        {
            candidate = Obtain(candidateVersion, served.Candidate?.Version);
        }
        engine.Serve(current, candidate, candidate is null ? 0 : rollout.CanaryShare);
        ModelRolloutMetrics.Served(current.Version, candidate?.Version);
        // A refused candidate is not applied: the rollout counts as followed only when both are served.
        _applied = candidate is null && rollout.Candidate is not null ? null : rollout;
    }

    /// <summary>The served instance of <paramref name="version"/>, or a newly loaded one, or null when its file is refused.</summary>
    private ServedModel? Obtain(string version, string? servedVersion)
    {
        if (engine.Find(version) is { } served) return served;
        string path = registry.PathOf(version);
        var stamp = FileStamp.Of(path);
        if (_refused.TryGetValue(version, out var refusedStamp) && refusedStamp == stamp) return null;
        try
        {
            var loaded = engine.Load(path);
            if (loaded.Version != version)
            {
                loaded.Dispose();
                throw new InvalidDataException($"the file holds version '{loaded.Version}', not '{version}'");
            }
            _refused.Remove(version);
            LogLoaded(logger, version, path);
            return loaded;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            _refused[version] = stamp;
            ModelRolloutMetrics.LoadFailed(version);
            LogRefused(logger, version, path, servedVersion ?? engine.Served.Current.Version, e.Message);
            return null;
        }
    }

    private static bool SameTargets(ModelRollout rollout, ModelRollout? applied) =>
        applied is not null && rollout.Current == applied.Current && rollout.Candidate == applied.Candidate && rollout.CanaryShare == applied.CanaryShare;

    /// <summary>A file's size and write time: a refused file is tried again once either changes.</summary>
    private readonly record struct FileStamp(long Length, DateTime WrittenAt)
    {
        public static FileStamp Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileStamp(file.Length, file.LastWriteTimeUtc) : default;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Version} from {Path}")]
    private static partial void LogLoaded(ILogger logger, string version, string path);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Model {Version} refused ({Path}): {Reason}. Still serving {Served}; the file is tried again once it changes")]
    private static partial void LogRefused(ILogger logger, string version, string path, string served, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model registry {Directory} not read: {Reason}; serving what was served")]
    private static partial void LogRegistryUnreadable(ILogger logger, string directory, string reason);
}
