namespace Interest.Benchmarks.Measurement;

/// <summary>Thread-safe collection of latencies (milliseconds) and failures, summarised as nearest-rank percentiles.</summary>
public sealed class LatencySamples
{
    private readonly Lock _gate = new();
    private readonly List<double> _milliseconds = [];
    private long _failures;

    public void Add(double latencyMs)
    {
        lock (_gate) _milliseconds.Add(latencyMs);
    }

    public void AddFailure() => Interlocked.Increment(ref _failures);

    public int Count
    {
        get { lock (_gate) return _milliseconds.Count; }
    }

    public LatencySummary Summarise()
    {
        double[] sorted;
        lock (_gate) sorted = [.. _milliseconds];
        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length,
            Interlocked.Read(ref _failures),
            Percentile(sorted, 50),
            Percentile(sorted, 95),
            Percentile(sorted, 99),
            sorted.Length == 0 ? null : sorted[^1],
            sorted.Length == 0 ? null : sorted.Average());
    }

    /// <summary>Nearest rank: the smallest sample with at least p% of the samples at or below it; null without samples.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) return null;
        int rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}

/// <summary>Percentiles in milliseconds; null when there were no samples.</summary>
public sealed record LatencySummary(int Samples, long Failures, double? P50, double? P95, double? P99, double? Max, double? Mean);
