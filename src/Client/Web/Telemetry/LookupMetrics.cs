using System.Diagnostics.Metrics;

namespace Interest.Web.Telemetry;

/// <summary>Recommendation lookups on the meter <see cref="MeterName"/>, tagged by where the list came from.</summary>
public static class LookupMetrics
{
    public const string MeterName = "Interest.Web";
    public const string SourceTag = "source";
    public const string StoreSource = "store";
    public const string GrainSource = "grain";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Lookups = Meter.CreateCounter<long>(
        "interest.lookups", "{lookup}", "Recommendation lookups answered, by source (store or grain).");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "interest.lookup.duration", "s", "Time to read one user's list from its source, by source (store or grain).", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    public static void Record(string source, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>(SourceTag, source);
        Lookups.Add(1, tag);
        Duration.Record(duration.TotalSeconds, tag);
    }
}
