using System.Threading.RateLimiting;
using Interest.Abstractions;
using Interest.Grains.Inference;
using Microsoft.Extensions.Options;

namespace Interest.Silo.Models;

/// <summary>
/// After the served model versions change, rebuilds the state of the users active on this silo under their new
/// version in the background, at most <see cref="ModelRolloutOptions.MigrationsPerSecond"/>, so that their lists are
/// fresh before their next event. Only users whose version changed are asked; any user it misses is rebuilt on its
/// next event anyway (<see cref="IUserGrain.MigrateToServedModel"/>).
/// </summary>
public sealed partial class UserMigrationService(
    IInferenceClient inference,
    IGrainFactory grains,
    ILocalSiloDetails localSilo,
    IOptions<ModelRolloutOptions> options,
    MigrationProgress progress,
    TimeProvider time,
    ILogger<UserMigrationService> logger) : BackgroundService
{
    private readonly ModelRolloutOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ServedModels? migrated = null;
        using var timer = new PeriodicTimer(_options.CheckInterval, time);
        do
        {
            try
            {
                var served = await inference.GetServedModelsAsync();
                if (migrated is null)
                {
                    // Users activated from now on start under these versions or are rebuilt on their first event.
                    migrated = served;
                }
                else if (!SameVersions(migrated, served))
                {
                    await MigrateAsync(migrated, served, stoppingToken);
                    migrated = served;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // No inference silo yet, or the cluster is shutting down: the next check tries again.
                LogCheckFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task MigrateAsync(ServedModels before, ServedModels after, CancellationToken stoppingToken)
    {
        var userGrainType = grains.GetGrain<IUserGrain>("-").GetGrainId().Type;
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, [localSilo.SiloAddress]);
        var users = statistics
            .Where(statistic => statistic.GrainId.Type == userGrainType)
            .Select(statistic => statistic.GrainId.Key.ToString()!)
            .Where(userId => before.For(userId).Version != after.For(userId).Version)
            .ToList();

        long started = time.GetTimestamp();
        progress.Started(after, users.Count, time.GetUtcNow());
        LogMigrationStarted(logger, MigrationProgress.Describe(after), users.Count);
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, _options.MigrationsPerSecond / 10),
            TokensPerPeriod = Math.Max(1, _options.MigrationsPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            AutoReplenishment = true,
        });
        int asked = 0, rebuilt = 0, failed = 0;
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = _options.MigrationConcurrency, CancellationToken = stoppingToken },
            async (userId, cancellationToken) =>
            {
                using var lease = await limiter.AcquireAsync(1, cancellationToken);
                try
                {
                    if (await grains.GetGrain<IUserGrain>(userId).MigrateToServedModel()) Interlocked.Increment(ref rebuilt);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    LogUserFailed(logger, userId, e.Message);
                }
                int checkedSoFar = Interlocked.Increment(ref asked);
                progress.Update(pass => pass with { Checked = Math.Max(pass.Checked, checkedSoFar), Rebuilt = Volatile.Read(ref rebuilt), Failed = Volatile.Read(ref failed) });
            });
        progress.Update(pass => pass with { Checked = users.Count, Rebuilt = rebuilt, Failed = failed, FinishedAt = time.GetUtcNow() });
        LogMigrationFinished(logger, MigrationProgress.Describe(after), rebuilt, users.Count, failed, time.GetElapsedTime(started).TotalSeconds);
    }

    private static bool SameVersions(ServedModels a, ServedModels b) =>
        a.Current.Version == b.Current.Version && a.Candidate?.Version == b.Candidate?.Version && a.CanaryShare == b.CanaryShare;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating {Users} active users of this silo to {Served}")]
    private static partial void LogMigrationStarted(ILogger logger, string served, int users);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Migration to {Served}: {Rebuilt} of {Users} active users rebuilt, {Failed} failed (rebuilt on their next event), in {Seconds:F1} s")]
    private static partial void LogMigrationFinished(ILogger logger, string served, int rebuilt, int users, int failed, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} not migrated now (its next event rebuilds it): {Reason}")]
    private static partial void LogUserFailed(ILogger logger, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Served model versions not read: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);
}
