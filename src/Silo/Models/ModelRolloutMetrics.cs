using System.Diagnostics.Metrics;

namespace Interest.Silo.Models;

/// <summary>The rollout's instruments on the meter <see cref="MeterName"/>.</summary>
public static class ModelRolloutMetrics
{
    public const string MeterName = "Interest.Models";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> LoadFailures = Meter.CreateCounter<long>(
        "interest.models.load_failures", "{file}", "Model files an inference silo refused: corrupt, not matching their metadata, or not computing.");

    private static readonly Counter<long> Switches = Meter.CreateCounter<long>(
        "interest.models.switches", "{switch}", "Times an inference silo switched the versions it serves.");

    internal static void LoadFailed(string version) => LoadFailures.Add(1, new KeyValuePair<string, object?>("model_version", version));

    internal static void Served(string current, string? candidate) => Switches.Add(1,
        new KeyValuePair<string, object?>("current", current), new KeyValuePair<string, object?>("candidate", candidate ?? "none"));
}
