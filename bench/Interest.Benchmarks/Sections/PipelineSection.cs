using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Load;

namespace Interest.Benchmarks.Sections;

/// <summary>Sections 2–4: one pipeline mode at the stepped offered rates, up to the first step it cannot keep up with.</summary>
public static class PipelineSection
{
    public static async Task<PipelineResult> RampAsync(PipelineSession session, BenchmarkSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        var steps = new List<StepResult>();
        foreach (double rate in settings.OfferedRates)
        {
            var step = await session.RunStepAsync(rate, settings.StepDuration, withProbes: true, cancellationToken);
            steps.Add(step);
            log($"  {session.Cluster.Mode}: offered {rate,7:N0}/s → applied {step.AppliedPerSecond,7:N0}/s, " +
                $"{step.UpdatesPerSecond,7:N0} updates/s, batch {step.MeanInferenceBatch,6:N1}, " +
                $"freshness p50/p95/p99 {Ms(step.Freshness.P50)}/{Ms(step.Freshness.P95)}/{Ms(step.Freshness.P99)} ms" +
                $"{(step.Freshness.Failures > 0 ? $" ({step.Freshness.Failures} probes unseen)" : "")}{(step.Saturated ? "  SATURATED" : "")}");
            log($"    cores: {Describe(step.Cpu.Processes)}; silo threads: {Describe(step.Cpu.SiloThreads)}; silo GC: " +
                $"{step.SiloGc.Gen0}/{step.SiloGc.Gen1}/{step.SiloGc.Gen2} collections, {step.SiloGc.PausePercent}% paused, {step.SiloGc.AllocatedMiBPerSecond} MiB/s allocated");
            if (step.Saturated) break;
        }
        var best = steps.MaxBy(s => s.AppliedPerSecond)!;
        return new PipelineResult(session.Cluster.Mode, session.Cluster.Shape, steps, best.AppliedPerSecond, steps.Any(s => s.Saturated));
    }

    internal static string Describe(IReadOnlyDictionary<string, double> cores) =>
        string.Join(", ", cores.Select(c => $"{c.Key} {c.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}"));

    internal static string Ms(double? value) => value is null ? "–" : value.Value.ToString(value.Value < 10 ? "0.0" : "0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <param name="SustainedEventsPerSecond">The highest applied rate of any step: at the saturated step, what the pipeline does when offered more than it can take.</param>
/// <param name="ReachedSaturation">False when even the highest offered rate was kept up with (the figure is then a lower bound).</param>
public sealed record PipelineResult(
    PipelineMode Mode,
    string Shape,
    IReadOnlyList<StepResult> Steps,
    double SustainedEventsPerSecond,
    bool ReachedSaturation);
