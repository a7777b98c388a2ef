using System.Diagnostics.Metrics;

namespace Interest.Grains.Users;

/// <summary>The user grains' instruments on the meter <see cref="MeterName"/>.</summary>
public static class UserMetrics
{
    public const string MeterName = "Interest.Grains";

    internal static readonly Meter Meter = new(MeterName);

    private static long _activeUsers;

    private static readonly Histogram<double> Freshness = Meter.CreateHistogram(
        "interest.recommendations.freshness", "s", "From an event's timestamp to the publication of the list that includes it.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    public static readonly ObservableUpDownCounter<long> ActiveUsers = Meter.CreateObservableUpDownCounter(
        "interest.users.active", () => Interlocked.Read(ref _activeUsers), "{user}", "User grains active in this silo.");

    public const string RebuildOnEvent = "event";

    public const string RebuildInBackground = "background";

    private static readonly Counter<long> StateRebuilds = Meter.CreateCounter<long>(
        "interest.users.state_rebuilds", "{user}",
        "User states rebuilt under another model version by re-encoding the recent window: on the user's next event, or by the background migration.");

    internal static void StateRebuilt(string trigger) => StateRebuilds.Add(1, new KeyValuePair<string, object?>("trigger", trigger));

    internal static void Activated() => Interlocked.Increment(ref _activeUsers);

    internal static void Deactivated() => Interlocked.Decrement(ref _activeUsers);

    /// <summary>One measurement per event; an event stamped ahead of this silo's clock counts as 0.</summary>
    internal static void RecordPublished(IEnumerable<long> eventTimestampsMs, DateTimeOffset publishedAt)
    {
        long publishedMs = publishedAt.ToUnixTimeMilliseconds();
        foreach (long timestampMs in eventTimestampsMs)
        {
            Freshness.Record(Math.Max(0, publishedMs - timestampMs) / 1000.0);
        }
    }
}
