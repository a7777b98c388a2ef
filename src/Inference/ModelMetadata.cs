namespace Interest.Inference;

/// <summary>What a model file says about the model it holds (stored as JSON in the file's header).</summary>
public sealed record ModelMetadata
{
    /// <summary>Shown to callers as the model version, e.g. "2025-06-01-a".</summary>
    public required string Version { get; init; }

    public required int ItemCount { get; init; }
    public required int EmbeddingSize { get; init; }
    public required int HiddenSize { get; init; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Free-form numbers from training, e.g. "recall@20" or "epochs".</summary>
    public IReadOnlyDictionary<string, double>? TrainingMetrics { get; init; }

    /// <summary>
    /// How popular each item was in the training data, indexed by item id (length <see cref="ItemCount"/> + 1,
    /// index 0 unused); counts or frequencies, any non-negative measure. Used to rank popular items before
    /// the engine has seen traffic of its own.
    /// </summary>
    public IReadOnlyList<double>? ItemPopularity { get; init; }

    /// <summary>
    /// Item transitions counted in the data the model was trained on, for the served scores' transition term
    /// (<see cref="TransitionPrior"/>); none when null.
    /// </summary>
    public ItemTransitions? Transitions { get; init; }

    /// <summary>The weight of the transition term; the term is off at 0.</summary>
    public double TransitionWeight { get; init; }

    /// <summary>Metadata describing <paramref name="model"/>'s dimensions.</summary>
    public static ModelMetadata For(InterestModel model, string version) => new()
    {
        Version = version,
        ItemCount = model.ItemCount,
        EmbeddingSize = model.EmbeddingSize,
        HiddenSize = model.HiddenSize,
    };
}
