namespace Interest.Benchmarks;

/// <summary>Every knob of a run. <see cref="Full"/> is the documented run; <see cref="Smoke"/> is CI's seconds-long run.</summary>
public sealed record BenchmarkSettings
{
    public required string OutputDirectory { get; init; }

    /// <summary>Where the silo's and web tier's output go (not into the results folder).</summary>
    public string LogDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "interest-bench-logs");

    /// <summary>Which sections to run; all of them for the documented run.</summary>
    public BenchmarkSections Sections { get; init; } = BenchmarkSections.All;

    /// <summary>Separate silo and web-tier processes (the production shape) or, for CI, both hosted in this process.</summary>
    public bool SeparateProcesses { get; init; } = true;

    /// <summary>A trained model file; null serves the untrained model with the Games dimensions.</summary>
    public string? ModelPath { get; init; }

    // The trained model's shape (docs/MODEL.md), so that the untrained fallback costs what the trained model costs.
    public int ItemCount { get; init; } = 23_715;

    public int EmbeddingSize { get; init; } = 128;

    public int HiddenSize { get; init; } = 64;

    public string Device { get; init; } = "cpu";

    public int TopK { get; init; } = 50;

    // 1. Model ceiling
    public IReadOnlyList<int> CeilingBatchSizes { get; init; } = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    public IReadOnlyList<int> CeilingThreadCounts { get; init; } = [1, 2];

    public TimeSpan CeilingTimePerSize { get; init; } = TimeSpan.FromSeconds(1);

    // 2–4. Pipelines
    public IReadOnlyList<double> OfferedRates { get; init; } = [250, 500, 1000, 1250, 1500, 1750, 2000, 2500, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 12000, 14000, 16000, 24000, 32000];

    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Load before the first step of each fresh cluster, so that steps measure JIT-optimised code, not tier-0 code and the JIT itself.</summary>
    public TimeSpan WarmUpDuration { get; init; } = TimeSpan.FromSeconds(20);

    public double WarmUpRate { get; init; } = 1000;

    /// <summary>Users the load cycles through; a poll batch never holds two events of one user while it is at most this big.</summary>
    public int LoadUsers { get; init; } = 4096;

    /// <summary>Events each load user gets before the stateless pipeline is measured, so that it re-encodes full histories.</summary>
    public int StatelessHistoryEvents { get; init; } = 50;

    public double ProbesPerSecond { get; init; } = 25;

    public int ProbeUsers { get; init; } = 256;

    public TimeSpan ProbePollInterval { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>A step whose applied rate is below this share of the offered rate is saturated; the ramp stops there.</summary>
    public double SaturationShare { get; init; } = 0.9;

    /// <summary>
    /// Silo settings of every pipeline under test (the batch-size-1 and stateless modes override only the batch size or
    /// the encoding): the deployment profile for a small CPU host that also runs the broker (docs/BENCHMARKS.md).
    /// </summary>
    public IReadOnlyDictionary<string, string> SiloSettings { get; init; } = CpuHostProfile;

    /// <summary>Environment of the silo process (runtime settings that cannot be set from configuration).</summary>
    public IReadOnlyDictionary<string, string> SiloEnvironment { get; init; } = new Dictionary<string, string>
    {
        // Server GC without dynamic adaptation: DATAS kept the generation-0 budget small, and the silo paused for
        // collections more often than with the classic per-heap budgets (docs/BENCHMARKS.md).
        ["DOTNET_GCDynamicAdaptationMode"] = "0",
    };

    /// <summary>Environment of the web tier process (e.g. its GC settings); empty by default.</summary>
    public IReadOnlyDictionary<string, string> WebEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The deployment profile for a small CPU host that also runs the broker (docs/BENCHMARKS.md, "Settings"): one libtorch
    /// thread (the other core feeds it); two consumer-group members (one computes while the other decodes and dispatches)
    /// on two partitions, one each (the embedded broker scans a partition's whole log on every fetch, so more partitions
    /// cost it more CPU); short fetch waits (the embedded broker holds a fetch
    /// for the whole wait, default 500 ms) and poll batches gathered for at most 5 ms (the inference batcher does the
    /// batching across users; a longer gather only adds latency); and a directory cache of 100,000 grain locations
    /// (Orleans keeps one per grain called, a few hundred bytes each, up to a million). While the model is behind, its thread runs at
    /// nice -10, so that the threads feeding it do not take its core (this raises the pipeline's maximum).
    /// </summary>
    public static IReadOnlyDictionary<string, string> CpuHostProfile { get; } = new Dictionary<string, string>
    {
        ["Silo:DirectoryCacheSize"] = "100000",
        ["Inference:TorchThreads"] = "1",
        ["Inference:BacklogNiceness"] = "-10",
        ["Silo:Consumers"] = "2",
        ["Kafka:Partitions"] = "2",
        ["Kafka:Client:fetch.wait.max.ms"] = "5",
        ["Kafka:MaxPollWaitMs"] = "5",
    };

    // 5. Kafka
    public int KafkaConsumeEvents { get; init; } = 300_000;

    // 6. Lookups and the half-rate phase
    public double LookupsPerSecond { get; init; } = 2000;

    public TimeSpan HalfRateDuration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>
    /// When set, the batched section skips its rate ladder and runs the half-rate phases at this rate: for comparing
    /// configurations' lookup and freshness figures at one load, side by side.
    /// </summary>
    public double? FixedHalfRate { get; init; }

    /// <summary>
    /// Lookups sent at the target rate, before ingestion starts, and not counted: a fresh web tier or generator process
    /// spends its first seconds at 2,000 lookups/s compiling its code again in the background (docs/BENCHMARKS.md).
    /// </summary>
    public TimeSpan LookupWarmUp { get; init; } = TimeSpan.FromSeconds(20);

    // 7. Memory
    public IReadOnlyList<int> MemoryUserCounts { get; init; } = [10_000, 100_000, 1_000_000];

    // 8. Model migration
    /// <summary>Active users (load, probe and migration users together) at each promote of the migration section.</summary>
    public IReadOnlyList<int> MigrationUserCounts { get; init; } = [10_000, 100_000];

    /// <summary>Events each migration user gets before the promote: the window the migration re-encodes.</summary>
    public int MigrationEventsPerUser { get; init; } = 4;

    /// <summary>
    /// The stream over the load users before and during a migration: a fixed rate well below the batched pipeline's
    /// sustained maximum on a 2-core host, so that what changes is the migration, not saturation.
    /// </summary>
    public double MigrationStreamRate { get; init; } = 2000;

    /// <summary>The steady-state phase lasts as long as the migration should at its configured rate, but no longer than this.</summary>
    public TimeSpan MigrationSteadyMaxDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Grain state and membership in a redis-server of the run's own, as in production, for the pipelines (when redis-server is on PATH); otherwise in the silo.</summary>
    public bool PipelineStateInRedis { get; init; } = true;

    /// <summary>Grain state in a redis-server, as in production, for the memory section (when redis-server is on PATH); otherwise in the silo.</summary>
    public bool MemoryStateInRedis { get; init; } = true;

    public static BenchmarkSettings Full(string outputDirectory, string? modelPath) => new()
    {
        OutputDirectory = outputDirectory,
        ModelPath = modelPath,
    };

    /// <summary>A shorter full-shape run for development: fewer batch sizes, shorter steps, smaller memory levels.</summary>
    public static BenchmarkSettings Quick(BenchmarkSettings settings) => settings with
    {
        CeilingBatchSizes = [1, 16, 64, 256, 1024],
        CeilingTimePerSize = TimeSpan.FromSeconds(0.5),
        StepDuration = TimeSpan.FromSeconds(4),
        WarmUpDuration = TimeSpan.FromSeconds(10),
        StatelessHistoryEvents = 10,
        HalfRateDuration = TimeSpan.FromSeconds(8),
        LookupWarmUp = TimeSpan.FromSeconds(5),
        KafkaConsumeEvents = 100_000,
        MemoryUserCounts = [10_000, 50_000],
        MigrationUserCounts = [10_000, 30_000],
        MigrationSteadyMaxDuration = TimeSpan.FromSeconds(20),
    };

    /// <summary>Every section's code path at tiny sizes and rates, hosted in one process: seconds, not minutes.</summary>
    public static BenchmarkSettings Smoke(string outputDirectory) => new()
    {
        OutputDirectory = outputDirectory,
        Sections = BenchmarkSections.All | BenchmarkSections.Migration,
        SeparateProcesses = false,
        CeilingBatchSizes = [1, 8, 64],
        CeilingThreadCounts = [1],
        CeilingTimePerSize = TimeSpan.FromMilliseconds(100),
        OfferedRates = [50, 100],
        StepDuration = TimeSpan.FromSeconds(1),
        WarmUpDuration = TimeSpan.Zero,
        LoadUsers = 64,
        StatelessHistoryEvents = 3,
        ProbesPerSecond = 10,
        ProbeUsers = 8,
        KafkaConsumeEvents = 500,
        LookupsPerSecond = 50,
        HalfRateDuration = TimeSpan.FromSeconds(1),
        LookupWarmUp = TimeSpan.FromSeconds(0.2),
        MemoryUserCounts = [100, 300],
        MemoryStateInRedis = false,
        PipelineStateInRedis = false,
        MigrationUserCounts = [150, 300],
        MigrationEventsPerUser = 2,
        MigrationStreamRate = 50,
    };
}

[Flags]
public enum BenchmarkSections
{
    None = 0,

    /// <summary>1: the model alone.</summary>
    Ceiling = 1,

    /// <summary>2, 5, 6: the batched pipeline, then on the same cluster the half-rate phase with lookups and the Kafka consume-only rate.</summary>
    Batched = 2,

    /// <summary>3: the pipeline with batch size 1.</summary>
    BatchSizeOne = 4,

    /// <summary>4: the stateless re-encoding pipeline.</summary>
    Stateless = 8,

    /// <summary>7: memory per active user.</summary>
    Memory = 16,

    /// <summary>8: a model rollout under load. Opt-in (about 6 minutes): not part of <see cref="All"/>.</summary>
    Migration = 32,

    /// <summary>The documented run's sections; <see cref="Migration"/> only when asked for.</summary>
    All = Ceiling | Batched | BatchSizeOne | Stateless | Memory,
}
