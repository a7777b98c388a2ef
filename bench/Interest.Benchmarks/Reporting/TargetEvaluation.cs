using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Sections;

namespace Interest.Benchmarks.Reporting;

/// <summary>The targets, as ratios and limits over figures measured in the same run.</summary>
public static class TargetEvaluation
{
    public const double CeilingShare = 0.5;
    public const double BatchingFactor = 5;
    public const double FreshnessP99Ms = 100;
    public const double LookupP99Ms = 5;
    public const double BytesPerUser = 5 * 1024;

    public static IReadOnlyList<TargetCheck> Evaluate(CeilingResult? ceiling, IReadOnlyList<PipelineResult> pipelines, HalfRateResult? halfRate, MemoryResult? memory, double lookupRate)
    {
        double? batched = Sustained(pipelines, PipelineMode.Batched);
        double? one = Sustained(pipelines, PipelineMode.BatchSizeOne);
        double? stateless = Sustained(pipelines, PipelineMode.StatelessReencoding);
        var checks = new List<TargetCheck>();

        const string ceilingName = "Batched pipeline vs model ceiling";
        string ceilingRequirement = $"≥ {CeilingShare:P0} of the ceiling";
        if (batched is { } b && ceiling is not null)
        {
            double share = b / ceiling.BestUpdatesPerSecond;
            checks.Add(new TargetCheck(ceilingName, ceilingRequirement, Math.Round(share, 3), share >= CeilingShare,
                $"{b:N0} events/s vs {ceiling.BestUpdatesPerSecond:N0} updates/s ({ceiling.BestComputation}, batch {ceiling.BestBatchSize}, {ceiling.BestThreads} thread(s))"));
        }
        else checks.Add(NotMeasured(ceilingName, ceilingRequirement));

        const string oneName = "Batched vs batch size 1";
        string factor = $"≥ {BatchingFactor}×";
        if (batched is { } b1 && one is { } o)
        {
            double ratio = b1 / o;
            checks.Add(new TargetCheck(oneName, factor, Math.Round(ratio, 2), ratio >= BatchingFactor,
                $"{b1:N0} vs {o:N0} events/s" + (ceiling is null ? "" :
                    $"; model alone: best batch {ceiling.BestUpdatesPerSecond / BatchOf(ceiling, 1):0.0}× batch 1 ({ceiling.BestUpdatesPerSecond:N0} vs {BatchOf(ceiling, 1):N0} updates/s)")));
        }
        else checks.Add(NotMeasured(oneName, factor));

        const string statelessName = "Batched vs stateless re-encoding";
        if (batched is { } b2 && stateless is { } s)
        {
            double ratio = b2 / s;
            checks.Add(new TargetCheck(statelessName, factor, Math.Round(ratio, 2), ratio >= BatchingFactor,
                $"{b2:N0} vs {s:N0} events/s" + (ceiling is null ? "" :
                    $"; model alone: {ceiling.BestUpdatesPerSecond / ceiling.BestReencodingUpdatesPerSecond:0.00}× ({ceiling.BestUpdatesPerSecond:N0} vs {ceiling.BestReencodingUpdatesPerSecond:N0} updates/s)")));
        }
        else checks.Add(NotMeasured(statelessName, factor));

        const string freshnessName = "Freshness p99 at half the sustained maximum";
        string freshnessRequirement = $"≤ {FreshnessP99Ms} ms";
        const string lookupName = "Lookup p99 with ingestion at half the sustained maximum";
        string lookupRequirement = $"≤ {LookupP99Ms} ms at {lookupRate:N0}/s, no errors";
        if (halfRate is not null)
        {
            var freshness = halfRate.Alone.Freshness;
            checks.Add(new TargetCheck(freshnessName, freshnessRequirement, freshness.P99,
                freshness.P99 is { } f && f <= FreshnessP99Ms && freshness.Failures == 0,
                $"{halfRate.OfferedPerSecond:N0} events/s, {freshness.Samples} probes ({freshness.Failures} unseen); " +
                $"with {lookupRate:N0} lookups/s as well: p99 {halfRate.WithLookups.Freshness.P99:0} ms"));
            var lookups = halfRate.Lookups.Latency;
            checks.Add(new TargetCheck(lookupName, lookupRequirement, lookups.P99,
                lookups.P99 is { } l && l <= LookupP99Ms && lookups.Failures == 0,
                $"p50 {lookups.P50:0.00} ms, {lookups.Samples:N0} answered, {lookups.Failures} errors, sent {halfRate.Lookups.SentPerSecond:N0}/s while ingesting {halfRate.OfferedPerSecond:N0} events/s"));
        }
        else
        {
            checks.Add(NotMeasured(freshnessName, freshnessRequirement));
            checks.Add(NotMeasured(lookupName, lookupRequirement));
        }

        const string memoryName = "Memory per active user at the largest level";
        string memoryRequirement = $"≤ {BytesPerUser / 1024:0} KB";
        if (memory?.Levels.MaxBy(l => l.Users) is { } largest)
        {
            checks.Add(new TargetCheck($"Memory per active user at {largest.Users:N0} users", memoryRequirement, largest.ResidentBytesPerUser,
                largest.ResidentBytesPerUser <= BytesPerUser,
                $"process RSS growth per user; live managed heap: {largest.ManagedBytesPerUser:N0} B/user"));
        }
        else checks.Add(NotMeasured(memoryName, memoryRequirement));
        return checks;
    }

    private static TargetCheck NotMeasured(string name, string requirement) => new(name, requirement, null, false, "not measured in this run");

    private static double BatchOf(CeilingResult ceiling, int batchSize) =>
        ceiling.Series.Where(s => s.Computation == CeilingSection.Engine).SelectMany(s => s.Points).Where(p => p.BatchSize == batchSize).Select(p => p.UpdatesPerSecond).DefaultIfEmpty(double.NaN).Max();

    private static double? Sustained(IReadOnlyList<PipelineResult> pipelines, PipelineMode mode) =>
        pipelines.FirstOrDefault(p => p.Mode == mode)?.SustainedEventsPerSecond;
}
