using Interest.Inference;
using static TorchSharp.torch;

namespace Interest.Benchmarks.Sections;

/// <summary>
/// Section 1: the model's ceiling at every batch size and intra-op thread count — the engine's own computation and,
/// for reference, the same work as plain TorchSharp calls — and the ceiling of stateless re-encoding.
/// </summary>
public static class CeilingSection
{
    public const int ReencodedHistory = 50;
    public const string Engine = "engine computation";
    public const string Plain = "plain TorchSharp calls";

    public static CeilingResult Run(InterestModel model, TransitionPrior? transitionPrior, BenchmarkSettings settings, Action<string> log)
    {
        int defaultThreads = get_num_threads();
        var bench = new ModelCeilingBenchmark(model, transitionPrior, settings.TopK);
        var series = new List<CeilingSeries>();
        try
        {
            foreach (int threads in settings.CeilingThreadCounts)
            {
                set_num_threads(threads);
                series.Add(Sweep(Engine, threads, settings, log, b => bench.MeasureEngine(b, 1, fromEmptyState: false, settings.CeilingTimePerSize, 3)));
                series.Add(Sweep(Plain, threads, settings, log, b => bench.MeasurePlain(b, settings.CeilingTimePerSize, 3)));
            }

            var best = series.SelectMany(s => s.Points.Select(p => (Series: s, Point: p))).MaxBy(x => x.Point.UpdatesPerSecond);
            set_num_threads(best.Series.Threads);
            var reencoding = Sweep($"{Engine}, re-encoding {ReencodedHistory} events", best.Series.Threads,
                settings with { CeilingBatchSizes = [.. settings.CeilingBatchSizes.Where(b => b <= 1024)] }, log,
                b => bench.MeasureEngine(b, ReencodedHistory, fromEmptyState: true, settings.CeilingTimePerSize, 3));
            var bestReencoding = reencoding.Points.MaxBy(p => p.UpdatesPerSecond)!;
            return new CeilingResult(series, best.Series.Computation, best.Point.BatchSize, best.Series.Threads, Math.Round(best.Point.UpdatesPerSecond),
                reencoding, bestReencoding.BatchSize, Math.Round(bestReencoding.UpdatesPerSecond));
        }
        finally
        {
            set_num_threads(defaultThreads);
        }
    }

    private static CeilingSeries Sweep(string computation, int threads, BenchmarkSettings settings, Action<string> log, Func<int, CeilingPoint> measure)
    {
        var points = new List<CeilingPoint>();
        foreach (int batchSize in settings.CeilingBatchSizes)
        {
            var point = measure(batchSize);
            points.Add(point);
            log($"  {computation}, {threads} thread(s), batch {batchSize,5}: {point.MillisecondsPerBatch,9:F2} ms/batch, {point.UpdatesPerSecond,9:N0} updates/s");
        }
        return new CeilingSeries(computation, threads, points);
    }
}

public sealed record CeilingSeries(string Computation, int Threads, IReadOnlyList<CeilingPoint> Points);

/// <param name="BestUpdatesPerSecond">The ceiling the pipeline is compared with: the best over computations, batch sizes and thread counts.</param>
/// <param name="Reencoding">The engine re-encoding 50 events per update from an empty state (what the stateless mode sends), at the best thread count.</param>
public sealed record CeilingResult(
    IReadOnlyList<CeilingSeries> Series,
    string BestComputation,
    int BestBatchSize,
    int BestThreads,
    double BestUpdatesPerSecond,
    CeilingSeries Reencoding,
    int BestReencodingBatchSize,
    double BestReencodingUpdatesPerSecond);
