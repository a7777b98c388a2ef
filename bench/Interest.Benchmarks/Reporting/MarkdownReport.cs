using System.Globalization;
using System.Text;
using Interest.Benchmarks.Charts;
using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Measurement;

namespace Interest.Benchmarks.Reporting;

/// <summary>The run as markdown tables (results.md), every figure also in results.json.</summary>
public static class MarkdownReport
{
    public static string Render(BenchmarkReport report)
    {
        var md = new StringBuilder();
        var env = report.Environment;
        md.AppendLine("# Benchmark results").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {report.StartedAt:yyyy-MM-dd HH:mm} UTC, {report.DurationSeconds / 60:0.0} min{(env.Smoke ? " — **smoke run (tiny rates, in one process): not representative**" : "")}.").AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Machine | {env.Cores} cores ({env.Cpu}), {env.Os}, {env.Runtime} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Device | {env.Device} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Broker | {env.Broker ?? "–"} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Processes | {env.Shape ?? "–"} |");
        if (report.Model is { } model)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| Model | {model.Version} ({(model.Trained ? "trained" : "untrained")}; {model.ItemCount:N0} items, E = {model.EmbeddingSize}, H = {model.HiddenSize}) from {model.Source} |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| Silo settings | {string.Join(", ", env.SiloSettings.Select(s => $"`{s.Key}={s.Value}`"))} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Other load at start | {env.OtherLoad ?? "none"} |").AppendLine();

        md.AppendLine("## Targets").AppendLine();
        md.AppendLine("| Target | Requirement | Measured | Met | Detail |").AppendLine("|---|---|---|---|---|");
        foreach (var target in report.Targets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {target.Name} | {target.Requirement} | {Number(target.Measured)} | {(target.Met ? "yes" : "**no**")} | {target.Detail} |");
        }
        md.AppendLine();

        AppendCeiling(md, report);
        AppendPipelines(md, report);
        AppendKafka(md, report);
        AppendLookups(md, report);
        AppendMemory(md, report);
        AppendMigration(md, report);
        var charts = BenchmarkCharts.Names(report).Select(name => $"[{name}]({name})").ToList();
        if (charts.Count > 0) md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Charts: {string.Join(", ", charts)}.");
        return md.ToString();
    }

    private static void AppendKafka(StringBuilder md, BenchmarkReport report)
    {
        if (report.Kafka is not { } kafka) return;
        md.AppendLine("## 5. Kafka consume-only").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{kafka.Messages:N0} messages of the run's clickstream topic, read from the log start by a new consumer group in the benchmark process, broker at {kafka.Broker}.").AppendLine();
        md.AppendLine("| Consumer | Rate |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Raw `IConsumer.Consume` loop | {kafka.RawMessagesPerSecond:N0} msgs/s |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| `KafkaClickstreamConsumer` (decode, validate, store offsets), counting sink | {kafka.DecodedEventsPerSecond:N0} events/s |").AppendLine();
    }

    private static string HalfOf(BenchmarkReport report) =>
        report.Pipelines.FirstOrDefault(p => p.Mode == PipelineMode.Batched) is { } batched
            ? string.Create(CultureInfo.InvariantCulture, $"half of {batched.SustainedEventsPerSecond:N0} applied events/s")
            : "a fixed rate: the rate ladder was skipped";

    private static void AppendLookups(StringBuilder md, BenchmarkReport report)
    {
        if (report.HalfRate is not { } half) return;
        md.AppendLine("## 6. Lookups (and freshness at half the sustained maximum)").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Batched pipeline at {half.OfferedPerSecond:N0} events/s ({HalfOf(report)}); lookups are `GET /users/{{id}}/recommendations?k=10` on the web tier, open loop, random load users.").AppendLine();
        md.AppendLine("| Phase | Applied events/s | Freshness p50 / p95 / p99 ms | Lookups sent/s | Lookup p50 / p95 / p99 / max ms | of which the backend read, p50 / p99 ms (from the store) | Lookup errors | Generator lateness p99 ms | Wake-up lateness p50 / p99 ms | Cores used (of 2) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Ingestion only | {half.Alone.AppliedPerSecond:N0} | {Percentiles(half.Alone.Freshness)} | – | – | – | – | – | {Wakeups(half.Wakeups.Ingestion)} | {Cores(half.Alone.Cpu, null)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Ingestion + lookups | {half.WithLookups.AppliedPerSecond:N0} | {Percentiles(half.WithLookups.Freshness)} | {half.Lookups.SentPerSecond:N0} | {Percentiles(half.Lookups.Latency, true)} | {Number(half.Lookups.BackendReads.P50)} / {Number(half.Lookups.BackendReads.P99)} ({half.Lookups.StoreShare:P1}) | {half.Lookups.Latency.Failures} | {Number(half.Lookups.GeneratorLateness.P99)} | {Wakeups(half.Wakeups.IngestionAndLookups)} | {Cores(half.WithLookups.Cpu, half.Lookups.GeneratorCores)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Lookups only | – | – | {half.LookupsWithoutIngestion.SentPerSecond:N0} | {Percentiles(half.LookupsWithoutIngestion.Latency, true)} | {Number(half.LookupsWithoutIngestion.BackendReads.P50)} / {Number(half.LookupsWithoutIngestion.BackendReads.P99)} ({half.LookupsWithoutIngestion.StoreShare:P1}) | {half.LookupsWithoutIngestion.Latency.Failures} | {Number(half.LookupsWithoutIngestion.GeneratorLateness.P99)} | {Wakeups(half.Wakeups.Lookups)} | lookup generator {half.LookupsWithoutIngestion.GeneratorCores:0.00} |").AppendLine();
        md.AppendLine("The backend read is the web tier's read of the user's list, from its `Server-Timing` header: a GET from the recommendation store (Redis), or the Orleans call to the user grain when the store has no list; the rest of a lookup's time is the web tier, the generator and the loopback network. Wake-up lateness is how much later than asked a thread of the benchmark that sleeps 1 ms at a time ran again: what any waiting thread (each hop of a lookup) can lose before it gets a core. Cores are per process over the phase (the lookup generator is a process of its own).").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Each lookup phase starts with {half.Lookups.WarmUpSeconds:0.#} s of lookups at the same rate that are not counted (a fresh web tier and generator compile their code again meanwhile); with ingestion, ingestion starts when that warm-up ends. Lookup p99 per {Load.LookupLoad.Window.TotalSeconds:0} s window, warm-up | measured, in ms: with ingestion {half.Lookups.FormatWindowP99()}; lookups only {half.LookupsWithoutIngestion.FormatWindowP99()}.").AppendLine();
    }

    private static string Wakeups(LatencySummary lateness) => $"{Number(lateness.P50)} / {Number(lateness.P99)}";

    private static string Cores(CpuUse? cpu, double? generator)
    {
        if (cpu is null) return "–";
        var parts = cpu.Processes.Select(p => (p.Key, p.Value)).ToList();
        if (generator is { } g) parts.Add(("lookup generator", g));
        return string.Join(", ", parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1} {p.Item2:0.00}")))
            + string.Create(CultureInfo.InvariantCulture, $"; total {parts.Sum(p => p.Item2):0.00}");
    }

    private static void AppendMemory(StringBuilder md, BenchmarkReport report)
    {
        if (report.Memory is not { } memory) return;
        md.AppendLine("## 7. Memory per active user").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Silo process (every role, embedded broker, web tier running beside it); grain state {memory.GrainState}; each user got one event through Kafka. Baseline: {memory.BaselineActivations:N0} activations, managed heap {Mib(memory.BaselineManagedHeapBytes)}, RSS {Mib(memory.BaselineWorkingSetBytes)}.").AppendLine();
        md.AppendLine("| Active users | Activations | Managed heap | B/user (heap) | RSS | B/user (RSS) | redis-server B/user (RSS) | Fill time s |").AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var level in memory.Levels)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {level.Users:N0} | {level.Activations:N0} | {Mib(level.ManagedHeapBytes)} | {level.ManagedBytesPerUser:N0} | {Mib(level.WorkingSetBytes)} | {level.ResidentBytesPerUser:N0} | {(level.RedisResidentBytesPerUser is { } r ? r.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {level.FillSeconds:0.0} |");
        }
        if (memory.MarginalManagedBytesPerUser is { } marginal)
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Managed heap per user between the two largest levels: {marginal:N0} B.");
        }
    }

    private static void AppendMigration(StringBuilder md, BenchmarkReport report)
    {
        if (report.Migration is not { } migration) return;
        md.AppendLine().AppendLine("## 8. Model migration").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"A model registry of the run's own (rollout in {migration.RolloutStore}); each promoted version is {migration.NewVersion}. The users beyond the load and probe users got {migration.EventsPerUser} events each. A stream of {migration.StreamPerSecond:N0} events/s over the load users (plus freshness probes) runs in steady state, then from the promote until the silo's migration pass (at most {migration.MigrationsPerSecond:N0} users/s, `ModelRollout:MigrationsPerSecond`) has finished. *Started* is promote → pass started (the silo's registry poll, the load of the version, the switch between batches, the migration's check); *migrated* is promote → pass finished. A user whose own next event comes first is rebuilt by that event, and the pass only checks it: *users/s* is every active user over the pass's time, *rebuilt/s* those the pass rebuilt.").AppendLine();
        md.AppendLine("| Active users | Version | Started s | Migrated s | Rebuilt (failed) | Users/s, rebuilt/s | Freshness p50 / p99 ms, steady → during | Applied events/s, steady → during | Probes steady / during (unseen) | Fill s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var level in migration.Levels)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {level.ActiveUsers:N0} | {level.Version} | {level.StartSeconds:0.00} | {level.MigrateSeconds:0.00} | {level.Rebuilt:N0} ({level.Failed}) | {level.UsersPerSecond:N0}, {level.RebuiltPerSecond:N0} | {Number(level.Steady.Freshness.P50)} / {Number(level.Steady.Freshness.P99)} → {Number(level.During.Freshness.P50)} / {Number(level.During.Freshness.P99)} | {level.Steady.AppliedPerSecond:N0} → {level.During.AppliedPerSecond:N0} | {level.Steady.Freshness.Samples} / {level.During.Freshness.Samples} ({level.Steady.Freshness.Failures + level.During.Freshness.Failures}) | {level.FillSeconds:0.0} |");
        }
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Steady phases last {string.Join(", ", migration.Levels.Select(l => l.Steady.Seconds.ToString("0", CultureInfo.InvariantCulture) + " s"))}; the phases during the migration {string.Join(", ", migration.Levels.Select(l => l.During.Seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"))}.");
    }

    private static void AppendCeiling(StringBuilder md, BenchmarkReport report)
    {
        if (report.Ceiling is not { } ceiling) return;
        md.AppendLine("## 1. Model ceiling (TorchSharp alone)").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"User updates per second for a batch of B users with one new event each, timed in the benchmark process on one and on two libtorch threads, with nothing else running. *Engine computation* is the engine's own per-batch code (requests in; one LSTM step; scoring of all {report.Model?.ItemCount ?? 0:N0} items in blocks of 64 users; masking of each user's item and 49 recent items; top-{report.Model?.TopK ?? 50}; new states and ranked items out). *Plain TorchSharp calls* is the same work written naively (one [B, items] product, torch.topk), for reference. Best: **{ceiling.BestUpdatesPerSecond:N0} updates/s** ({ceiling.BestComputation}, batch {ceiling.BestBatchSize}, {ceiling.BestThreads} thread(s)). Re-encoding 50 events from an empty state (the stateless mode's request), best: {ceiling.BestReencodingUpdatesPerSecond:N0} updates/s at batch {ceiling.BestReencodingBatchSize}.").AppendLine();
        var header = new StringBuilder("| Batch |");
        var rule = new StringBuilder("|---|");
        foreach (var series in ceiling.Series)
        {
            header.Append(CultureInfo.InvariantCulture, $" {series.Computation}, {series.Threads} thr: updates/s (ms/batch) |");
            rule.Append("---|");
        }
        header.Append(CultureInfo.InvariantCulture, $" re-encoding 50, {ceiling.Reencoding.Threads} thr: updates/s |");
        rule.Append("---|");
        md.AppendLine(header.ToString()).AppendLine(rule.ToString());
        foreach (int batch in ceiling.Series.SelectMany(s => s.Points).Select(p => p.BatchSize).Distinct().Order())
        {
            var row = new StringBuilder($"| {batch} |");
            foreach (var series in ceiling.Series)
            {
                var point = series.Points.FirstOrDefault(p => p.BatchSize == batch);
                row.Append(point is null ? " – |" : string.Create(CultureInfo.InvariantCulture, $" {point.UpdatesPerSecond:N0} ({point.MillisecondsPerBatch:0.00}) |"));
            }
            var reencoding = ceiling.Reencoding.Points.FirstOrDefault(p => p.BatchSize == batch);
            row.Append(reencoding is null ? " – |" : string.Create(CultureInfo.InvariantCulture, $" {reencoding.UpdatesPerSecond:N0} |"));
            md.AppendLine(row.ToString());
        }
        md.AppendLine();
    }

    private static void AppendPipelines(StringBuilder md, BenchmarkReport report)
    {
        md.AppendLine("## 2–4. Pipelines: Kafka → grains → inference → recommendations stored").AppendLine();
        md.AppendLine("| Pipeline | Sustained events/s | vs ceiling | Saturated at offered/s |").AppendLine("|---|---|---|---|");
        foreach (var pipeline in report.Pipelines)
        {
            var saturatedAt = pipeline.Steps.FirstOrDefault(s => s.Saturated)?.OfferedPerSecond;
            md.AppendLine(CultureInfo.InvariantCulture, $"| {BenchmarkCharts.Name(pipeline.Mode)} | {pipeline.SustainedEventsPerSecond:N0} | {(report.Ceiling is { } c ? (pipeline.SustainedEventsPerSecond / c.BestUpdatesPerSecond).ToString("P0", CultureInfo.InvariantCulture) : "–")} | {(saturatedAt is { } s ? s.ToString("N0", CultureInfo.InvariantCulture) : "not reached (lower bound)")} |");
        }
        md.AppendLine();
        foreach (var pipeline in report.Pipelines)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {BenchmarkCharts.Name(pipeline.Mode)}").AppendLine();
            md.AppendLine("| Offered/s | Produced/s | Applied/s | Updates/s | Mean batch | LSTM steps/update | Freshness p50 / p95 / p99 ms | Probes (unseen) | Saturated |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var step in pipeline.Steps)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {step.OfferedPerSecond:N0} | {step.ProducedPerSecond:N0} | {step.AppliedPerSecond:N0} | {step.UpdatesPerSecond:N0} | {step.MeanInferenceBatch:0.0} | {step.EventsPerUpdate:0.0} | {Percentiles(step.Freshness)} | {step.Freshness.Samples} ({step.Freshness.Failures}) | {(step.Saturated ? "yes" : "")} |");
            }
            md.AppendLine();
        }
    }

    private static string Percentiles(LatencySummary summary, bool withMax = false) =>
        $"{Number(summary.P50)} / {Number(summary.P95)} / {Number(summary.P99)}{(withMax ? " / " + Number(summary.Max) : "")}";

    private static string Number(double? value) => value switch
    {
        null => "–",
        < 10 => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
        < 1000 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("N0", CultureInfo.InvariantCulture),
    };

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MiB";
}
