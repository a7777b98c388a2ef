using System.Text.Json;
using Interest.Benchmarks.Charts;
using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Reporting;
using Interest.Testing;
using Xunit.Abstractions;

namespace Interest.Benchmarks.Tests;

/// <summary>
/// CI's smoke version of the benchmark: every section at tiny rates, with the silo, broker and web tier hosted in this
/// process (separate processes would take longer to start than the run takes). Checks that every figure is produced
/// and sane; nothing here asserts a speed.
/// </summary>
public sealed class SmokeRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory _directory = new("interest-bench-test-");

    [Fact]
    public async Task The_smoke_run_produces_every_figure_the_report_and_the_charts()
    {
        var settings = BenchmarkSettings.Smoke(_directory.Path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var report = await new BenchmarkRunner(settings, output.WriteLine).RunAsync(timeout.Token);
        var files = ReportFiles.Write(report, _directory.Path);

        Assert.True(report.Environment.Smoke);
        Assert.Equal("cpu", report.Environment.Device);
        Assert.NotNull(report.Model);
        Assert.Equal(23_715, report.Model.ItemCount);

        var ceiling = Assert.IsType<Sections.CeilingResult>(report.Ceiling);
        Assert.All(ceiling.Series.SelectMany(s => s.Points), p => Assert.True(p.UpdatesPerSecond > 0 && p.Iterations >= 3));
        Assert.True(ceiling.BestReencodingUpdatesPerSecond > 0);

        Assert.Equal([PipelineMode.Batched, PipelineMode.BatchSizeOne, PipelineMode.StatelessReencoding], report.Pipelines.Select(p => p.Mode));
        foreach (var pipeline in report.Pipelines)
        {
            Assert.NotEmpty(pipeline.Steps);
            Assert.True(pipeline.SustainedEventsPerSecond > 0, $"{pipeline.Mode} applied nothing");
            Assert.All(pipeline.Steps, step =>
            {
                Assert.True(step.ProducedPerSecond > 0);
                Assert.True(step.Freshness.Samples > 0, $"{pipeline.Mode}: no freshness probe was seen");
                Assert.True(step.Freshness.P50 <= step.Freshness.P99);
                Assert.NotEmpty(step.Cpu.Processes);
            });
        }
        Assert.All(report.Pipelines.Single(p => p.Mode == PipelineMode.BatchSizeOne).Steps, step => Assert.Equal(1, step.MeanInferenceBatch));
        Assert.Contains(report.Pipelines.Single(p => p.Mode == PipelineMode.StatelessReencoding).Steps, step => step.EventsPerUpdate > 1);

        var halfRate = Assert.IsType<Sections.HalfRateResult>(report.HalfRate);
        Assert.True(halfRate.Lookups.Latency.Samples > 0);
        Assert.Equal(0, halfRate.Lookups.Latency.Failures);
        Assert.True(halfRate.Lookups.WarmUpSeconds > 0);
        Assert.Contains(halfRate.Lookups.WindowP99, p99 => p99 > 0);
        Assert.True(halfRate.Alone.Freshness.Samples > 0);

        var kafka = Assert.IsType<Sections.KafkaResult>(report.Kafka);
        Assert.True(kafka.Messages > 0 && kafka.RawMessagesPerSecond > 0 && kafka.DecodedEventsPerSecond > 0);

        var memory = Assert.IsType<Sections.MemoryResult>(report.Memory);
        Assert.Equal(settings.MemoryUserCounts, memory.Levels.Select(l => l.Users));
        Assert.All(memory.Levels, level => Assert.True(level.Activations >= level.Users && level.ManagedHeapBytes > 0));

        var migration = Assert.IsType<Sections.MigrationResult>(report.Migration);
        Assert.Equal(settings.MigrationUserCounts, migration.Levels.Select(l => l.Users));
        Assert.Equal(["bench-v2", "bench-v3"], migration.Levels.Select(l => l.Version));
        Assert.All(migration.Levels, level =>
        {
            // Every active user is on the new version at the end: rebuilt by the pass, or first by its own next event.
            Assert.True(level.ActiveUsers >= level.Users, $"{level.ActiveUsers} active of {level.Users}");
            Assert.True(level.Rebuilt > 0 && level.Failed == 0);
            Assert.InRange(level.StartSeconds, 0, level.MigrateSeconds);
            Assert.True(level.RebuiltPerSecond > 0);
            Assert.True(level.Steady.Freshness.Samples > 0 && level.During.Freshness.Samples > 0);
            Assert.True(level.Steady.AppliedPerSecond > 0 && level.During.AppliedPerSecond > 0);
        });

        Assert.Equal(6, report.Targets.Count);
        Assert.All(report.Targets, target => Assert.NotNull(target.Measured));

        Assert.Contains(files, f => f.EndsWith(ReportFiles.JsonFile, StringComparison.Ordinal));
        using (var json = JsonDocument.Parse(File.ReadAllBytes(_directory.File(ReportFiles.JsonFile))))
        {
            Assert.True(json.RootElement.GetProperty("pipelines").GetArrayLength() == 3);
        }
        string markdown = File.ReadAllText(_directory.File(ReportFiles.MarkdownFile));
        foreach (string heading in new[] { "## Targets", "## 1. Model ceiling", "## 2–4. Pipelines", "## 5. Kafka", "## 6. Lookups", "## 7. Memory", "## 8. Model migration" })
        {
            Assert.Contains(heading, markdown, StringComparison.Ordinal);
        }
        foreach (string chart in new[] { BenchmarkCharts.Throughput, BenchmarkCharts.Freshness, BenchmarkCharts.Ceiling })
        {
            using var bitmap = PngAssert.Decodes(File.ReadAllBytes(_directory.File(chart)), 960, 600);
            Assert.True(PngAssert.Colours(bitmap) > 50, $"{chart} is blank");
        }
    }

    public void Dispose() => _directory.Dispose();
}
