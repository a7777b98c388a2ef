namespace Interest.Inference;

/// <summary>Settings of the inference engine, bound from the configuration section <c>Inference</c>.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>A model file written by <see cref="ModelFile.Save"/>. When unset, a freshly initialised (untrained) model is served.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Number of real items of the untrained model served when no model file is configured; item ids run from 1 to
    /// this value (0 is padding). A model file (or the registry) brings its own catalogue, the one everything else validates against.</summary>
    public int ItemCount { get; set; } = 23715;

    /// <summary>Size of the item embeddings and of the long-term interest vector. Ignored when a model file is loaded.</summary>
    public int EmbeddingSize { get; set; } = 64;

    /// <summary>Size of the LSTM state (h and c). Ignored when a model file is loaded.</summary>
    public int HiddenSize { get; set; } = 64;

    /// <summary>The most requests computed together in one batch.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>How long the batcher waits for more requests after the first one of a batch arrived.</summary>
    public double MaxBatchWaitMs { get; set; } = 2;

    /// <summary><c>auto</c> (CUDA when available, else CPU), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>
    /// libtorch's intra-op threads for this process; 0 (or less) leaves libtorch's default, one per core. On a CPU host that also
    /// runs the consumer and the grains, fewer threads leave cores for them (docs/BENCHMARKS.md).
    /// </summary>
    public int TorchThreads { get; set; }

    /// <summary>
    /// Linux nice value of the batcher thread, which runs the model, while the model keeps up (0: the process's own).
    /// Ignored elsewhere than on Linux.
    /// </summary>
    public int BatcherNiceness { get; set; }

    /// <summary>
    /// Linux nice value of the batcher thread once the model is behind: the batcher has hardly waited for requests (under 5 % of
    /// the time, averaged over about a second; from idle, about 3 s of backlog); it goes back above a fifth (0: the same as
    /// <see cref="BatcherNiceness"/>). On a CPU host whose other threads feed the model, a negative value keeps them from
    /// taking the model's core when it is behind, and below the maximum the batcher runs at <see cref="BatcherNiceness"/>
    /// and leaves them their share (docs/BENCHMARKS.md). A value below the process's needs CAP_SYS_NICE or a matching
    /// RLIMIT_NICE; without it the engine logs a warning once and keeps the nice value it has.
    /// </summary>
    public int BacklogNiceness { get; set; }

    /// <summary>Seed of the initial weights when no model file is configured.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>How many items callers ask for when they have no preference of their own.</summary>
    public int DefaultTopK { get; set; } = 20;
}
