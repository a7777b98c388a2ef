using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Reporting;

namespace Interest.Benchmarks.Charts;

/// <summary>The run's charts: applied vs offered rate with the model's ceiling, freshness percentiles vs offered rate, the ceiling by batch size.</summary>
public static class BenchmarkCharts
{
    public const string Throughput = "throughput.png";
    public const string Freshness = "freshness.png";
    public const string Ceiling = "ceiling.png";

    /// <summary>The charts <see cref="Render"/> draws for <paramref name="report"/>.</summary>
    public static IEnumerable<string> Names(BenchmarkReport report)
    {
        if (report.Pipelines.Count > 0)
        {
            yield return Throughput;
            yield return Freshness;
        }
        if (report.Ceiling is not null) yield return Ceiling;
    }

    public static IEnumerable<(string Name, byte[] Png)> Render(BenchmarkReport report)
    {
        if (report.Pipelines.Count > 0)
        {
            yield return (Throughput, ThroughputChart(report));
            yield return (Freshness, FreshnessChart(report));
        }
        if (report.Ceiling is { } ceiling) yield return (Ceiling, CeilingChart(ceiling));
    }

    private static byte[] ThroughputChart(BenchmarkReport report)
    {
        var series = new List<ChartSeries>();
        int colour = 0;
        double maxOffered = report.Pipelines.SelectMany(p => p.Steps).Select(s => s.OfferedPerSecond).DefaultIfEmpty(1).Max();
        double minOffered = report.Pipelines.SelectMany(p => p.Steps).Select(s => s.OfferedPerSecond).DefaultIfEmpty(1).Min();
        foreach (var pipeline in report.Pipelines)
        {
            series.Add(new ChartSeries($"{Name(pipeline.Mode)}: applied events/s",
                pipeline.Steps.Select(s => (s.OfferedPerSecond, s.AppliedPerSecond)).ToList(), LineChart.Palette[colour++]));
        }
        series.Add(new ChartSeries("offered = applied", [(minOffered, minOffered), (maxOffered, maxOffered)], LineChart.Palette[6], Dashed: true));
        if (report.Ceiling is { } ceiling)
        {
            series.Add(new ChartSeries($"model ceiling {ceiling.BestUpdatesPerSecond:N0} updates/s",
                [(minOffered, ceiling.BestUpdatesPerSecond), (maxOffered, ceiling.BestUpdatesPerSecond)], LineChart.Palette[4], Dashed: true));
        }
        return new LineChart
        {
            Title = "Throughput vs offered rate",
            XLabel = "offered events/s (log)",
            YLabel = "applied events/s (log)",
            LogX = true,
            LogY = true,
            Series = series,
        }.RenderPng();
    }

    private static byte[] FreshnessChart(BenchmarkReport report)
    {
        var series = new List<ChartSeries>();
        var batched = report.Pipelines.FirstOrDefault(p => p.Mode == PipelineMode.Batched);
        if (batched is not null)
        {
            series.Add(Percentile("batched p50", batched, s => s.Freshness.P50, 0));
            series.Add(Percentile("batched p95", batched, s => s.Freshness.P95, 5));
            series.Add(Percentile("batched p99", batched, s => s.Freshness.P99, 1));
        }
        int colour = 2;
        foreach (var pipeline in report.Pipelines.Where(p => p.Mode != PipelineMode.Batched))
        {
            series.Add(Percentile($"{Name(pipeline.Mode)} p99", pipeline, s => s.Freshness.P99, colour++));
        }
        return new LineChart
        {
            Title = "Freshness (event produced to new recommendations readable)",
            XLabel = "offered events/s (log)",
            YLabel = "latency ms (log)",
            LogX = true,
            LogY = true,
            Series = series,
        }.RenderPng();
    }

    private static byte[] CeilingChart(Sections.CeilingResult ceiling)
    {
        var series = ceiling.Series
            .Select((s, i) => new ChartSeries($"{s.Computation}, {s.Threads} thread(s)",
                s.Points.Select(p => ((double)p.BatchSize, p.UpdatesPerSecond)).ToList(), LineChart.Palette[i % 6], Dashed: s.Computation != Sections.CeilingSection.Engine))
            .ToList();
        series.Add(new ChartSeries($"re-encoding 50 events, {ceiling.Reencoding.Threads} thread(s)",
            ceiling.Reencoding.Points.Select(p => ((double)p.BatchSize, p.UpdatesPerSecond)).ToList(), LineChart.Palette[6]));
        return new LineChart
        {
            Title = "Model ceiling (TorchSharp alone; one event per update) by batch size",
            XLabel = "batch size (log)",
            YLabel = "user updates/s (log)",
            LogX = true,
            LogY = true,
            Series = series,
        }.RenderPng();
    }

    private static ChartSeries Percentile(string name, Sections.PipelineResult pipeline, Func<Load.StepResult, double?> value, int colour) =>
        new(name, pipeline.Steps.Where(s => value(s) is not null).Select(s => (s.OfferedPerSecond, value(s)!.Value)).ToList(), LineChart.Palette[colour]);

    internal static string Name(PipelineMode mode) => mode switch
    {
        PipelineMode.Batched => "batched",
        PipelineMode.BatchSizeOne => "batch size 1",
        PipelineMode.StatelessReencoding => "stateless re-encoding",
        _ => mode.ToString(),
    };
}
