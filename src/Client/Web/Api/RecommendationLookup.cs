using System.Diagnostics;
using Interest.Abstractions;
using Interest.RecommendationStore;
using Interest.Web.Telemetry;

namespace Interest.Web.Api;

/// <summary>
/// A lookup reads the user's list from the recommendation store, which the user grain writes after every update, and
/// asks the user grain only when the store has none (a user never updated or idle past the time to live) or does not
/// answer in time. The grain call would otherwise queue in a silo behind ingestion work (docs/BENCHMARKS.md).
/// </summary>
public sealed class RecommendationLookup(IGrainFactory grains, IRecommendationStore store, TimeProvider clock, ILogger<RecommendationLookup> logger)
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private long _lastWarningTicks = long.MinValue;

    public async Task<(UserRecommendations Recommendations, string ServerTiming)> GetAsync(string userId, int k)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            if (await store.TryReadAsync(userId, k) is { } published)
            {
                var storeRead = Stopwatch.GetElapsedTime(start);
                LookupMetrics.Record(LookupMetrics.StoreSource, storeRead);
                return (published, ServerTiming.Format(ServerTiming.StoreReadMetric, storeRead));
            }
        }
        catch (Exception e)
        {
            WarnAtMostEvery(e);
        }
        long grainStart = Stopwatch.GetTimestamp();
        var recommendations = await grains.GetGrain<IUserGrain>(userId).GetRecommendations(k);
        var grainCall = Stopwatch.GetElapsedTime(grainStart);
        LookupMetrics.Record(LookupMetrics.GrainSource, grainCall);
        return (recommendations, ServerTiming.Format(ServerTiming.GrainCallMetric, grainCall));
    }

    private void WarnAtMostEvery(Exception e)
    {
        long now = clock.GetUtcNow().UtcTicks;
        long last = Interlocked.Read(ref _lastWarningTicks);
        if (now - last < WarningInterval.Ticks || Interlocked.CompareExchange(ref _lastWarningTicks, now, last) != last) return;
        logger.LogWarning("The recommendation store did not answer ({Error}); lookups ask the user grains until it does", e.Message);
    }
}
