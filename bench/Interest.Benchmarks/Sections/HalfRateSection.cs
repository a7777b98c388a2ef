using Interest.Benchmarks.Load;
using Interest.Benchmarks.Measurement;

namespace Interest.Benchmarks.Sections;

/// <summary>
/// Section 6 and the freshness target: the batched pipeline at half its sustained maximum, first alone (freshness),
/// then with lookups on the web tier at the target rate (freshness and lookup latency together), then lookups with no
/// ingestion as a reference. Lookups come from a process of their own (<see cref="LookupProcess"/>) in the full run.
/// </summary>
public static class HalfRateSection
{
    public static async Task<HalfRateResult> RunAsync(PipelineSession session, BenchmarkSettings settings, double sustainedMaximum, Action<string> log, CancellationToken cancellationToken)
    {
        double rate = Math.Max(1, Math.Round(sustainedMaximum / 2));
        await session.DrainAsync(TimeSpan.FromMinutes(2), cancellationToken);

        var wakeups = WakeupLatencyProbe.Start();
        var alone = await session.RunStepAsync(rate, settings.HalfRateDuration, withProbes: true, cancellationToken);
        var aloneWakeups = wakeups.Stop();
        log($"  half rate {rate:N0}/s, no lookups: applied {alone.AppliedPerSecond:N0}/s, freshness p50/p95/p99 " +
            $"{PipelineSection.Ms(alone.Freshness.P50)}/{PipelineSection.Ms(alone.Freshness.P95)}/{PipelineSection.Ms(alone.Freshness.P99)} ms");
        await session.DrainAsync(TimeSpan.FromMinutes(1), cancellationToken);

        Task<LookupResult> Lookups(TimeSpan duration, Action measuring) => settings.SeparateProcesses
            ? LookupProcess.RunAsync(session.Cluster.WebAddress, Cluster.ClusterLayout.ApiKey, session.Load.Prefix, session.Load.UserCount,
                settings.LookupsPerSecond, settings.LookupWarmUp, duration, measuring, settings.LogDirectory, cancellationToken)
            : new LookupLoad(session.Cluster.WebAddress, Cluster.ClusterLayout.ApiKey, session.Load.UserId, session.Load.UserCount)
                .RunAsync(settings.LookupsPerSecond, settings.LookupWarmUp, duration, measuring, cancellationToken);

        // Ingestion starts when the lookups' warm-up ends, so that the measured lookups and the measured step coincide.
        var (lookupRun, measuring) = StartLookups(Lookups, settings.HalfRateDuration);
        await measuring;
        wakeups = WakeupLatencyProbe.Start();
        var withLookups = await session.RunStepAsync(rate, settings.HalfRateDuration, withProbes: true, cancellationToken);
        var lookupResult = await lookupRun;
        var withLookupsWakeups = wakeups.Stop();
        log($"  half rate {rate:N0}/s with {settings.LookupsPerSecond:N0} lookups/s: applied {withLookups.AppliedPerSecond:N0}/s, freshness p99 " +
            $"{PipelineSection.Ms(withLookups.Freshness.P99)} ms; lookups sent {lookupResult.SentPerSecond:N0}/s, p50/p99 " +
            $"{PipelineSection.Ms(lookupResult.Latency.P50)}/{PipelineSection.Ms(lookupResult.Latency.P99)} ms (backend read " +
            $"{PipelineSection.Ms(lookupResult.BackendReads.P50)}/{PipelineSection.Ms(lookupResult.BackendReads.P99)} ms, {lookupResult.StoreShare:P1} from the store), errors {lookupResult.Latency.Failures}, " +
            $"web tier {withLookups.Cpu.Processes.GetValueOrDefault("web tier"):0.00} cores, generator {lookupResult.GeneratorCores:0.00} cores; " +
            $"p99 per {LookupLoad.Window.TotalSeconds:0} s (warm-up | measured): {lookupResult.FormatWindowP99()} ms");
        await session.DrainAsync(TimeSpan.FromMinutes(1), cancellationToken);

        (var idleRun, measuring) = StartLookups(Lookups, settings.HalfRateDuration / 2);
        await measuring;
        wakeups = WakeupLatencyProbe.Start();
        var idle = await idleRun;
        var idleWakeups = wakeups.Stop();
        log($"  wake-up lateness of a 1 ms sleep, p50/p99: ingestion {PipelineSection.Ms(aloneWakeups.P50)}/{PipelineSection.Ms(aloneWakeups.P99)} ms, " +
            $"ingestion + lookups {PipelineSection.Ms(withLookupsWakeups.P50)}/{PipelineSection.Ms(withLookupsWakeups.P99)} ms, lookups {PipelineSection.Ms(idleWakeups.P50)}/{PipelineSection.Ms(idleWakeups.P99)} ms");
        log($"  {settings.LookupsPerSecond:N0} lookups/s, no ingestion: p50/p99 {PipelineSection.Ms(idle.Latency.P50)}/{PipelineSection.Ms(idle.Latency.P99)} ms " +
            $"(backend read {PipelineSection.Ms(idle.BackendReads.P50)}/{PipelineSection.Ms(idle.BackendReads.P99)} ms, {idle.StoreShare:P1} from the store), errors {idle.Latency.Failures}, generator {idle.GeneratorCores:0.00} cores; " +
            $"p99 per {LookupLoad.Window.TotalSeconds:0} s (warm-up | measured): {idle.FormatWindowP99()} ms");
        return new HalfRateResult(rate, alone, withLookups, lookupResult, idle, new PhaseWakeups(aloneWakeups, withLookupsWakeups, idleWakeups));
    }

    /// <summary>Starts lookups; the second task completes when their warm-up ends, or with the run if it fails first.</summary>
    private static (Task<LookupResult> Run, Task Measuring) StartLookups(Func<TimeSpan, Action, Task<LookupResult>> lookups, TimeSpan duration)
    {
        var measuring = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = lookups(duration, () => measuring.TrySetResult());
        return (run, Task.WhenAny(measuring.Task, run).Unwrap());
    }
}

public sealed record HalfRateResult(double OfferedPerSecond, StepResult Alone, StepResult WithLookups, LookupResult Lookups, LookupResult LookupsWithoutIngestion, PhaseWakeups Wakeups);

/// <summary>The lateness of a 1 ms sleep in each phase (<see cref="WakeupLatencyProbe"/>).</summary>
public sealed record PhaseWakeups(LatencySummary Ingestion, LatencySummary IngestionAndLookups, LatencySummary Lookups);
