using Interest.Benchmarks.Sections;

namespace Interest.Benchmarks.Reporting;

/// <summary>Every figure of one run; written as JSON, summarised as markdown and charts. Sections not run are null.</summary>
public sealed record BenchmarkReport(
    DateTimeOffset StartedAt,
    double DurationSeconds,
    RunEnvironment Environment,
    ModelInfo? Model,
    CeilingResult? Ceiling,
    IReadOnlyList<PipelineResult> Pipelines,
    HalfRateResult? HalfRate,
    KafkaResult? Kafka,
    MemoryResult? Memory,
    IReadOnlyList<TargetCheck> Targets,
    MigrationResult? Migration = null);

/// <param name="Shape">How the silo, broker and web tier ran (separate processes or, in the smoke run, one).</param>
/// <param name="OtherLoad">Other busy processes seen when the run started (figures taken under contention if any).</param>
public sealed record RunEnvironment(
    string Machine,
    int Cores,
    string Cpu,
    string Os,
    string Runtime,
    string? Device,
    string? Broker,
    string? Shape,
    bool Smoke,
    IReadOnlyDictionary<string, string> SiloSettings,
    string? OtherLoad);

public sealed record ModelInfo(string Version, string Source, int ItemCount, int EmbeddingSize, int HiddenSize, bool Trained, int TopK);

/// <param name="Measured">The measured value in the target's unit (a ratio, milliseconds or bytes); null when not measured in this run.</param>
public sealed record TargetCheck(string Name, string Requirement, double? Measured, bool Met, string Detail);
