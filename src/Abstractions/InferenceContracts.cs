namespace Interest.Abstractions;

/// <summary>
/// One user's update for the batched model: the state before the new events, the new events in order,
/// and the items to leave out of the ranking. Empty state vectors mean a new user (the model's initial state).
/// </summary>
/// <param name="ModelVersion">
/// The model version that steps the events: the state must come from this version (or be empty), since a state is
/// meaningless to any other model's weights. Empty: the version the engine serves as current.
/// </param>
[GenerateSerializer, Immutable, Alias("interest.InferenceRequest")]
public sealed record InferenceRequest(
    [property: Id(0)] float[] Hidden,
    [property: Id(1)] float[] Cell,
    [property: Id(2)] float[] LongTerm,
    [property: Id(3)] int[] ItemIds,
    [property: Id(4)] ClickEventType[] EventTypes,
    [property: Id(5)] int[] ExcludeItemIds,
    [property: Id(6)] int TopK,
    [property: Id(7)] string ModelVersion = "");

/// <summary>The user's state after the new events and the top-K items the model now ranks highest.</summary>
[GenerateSerializer, Immutable, Alias("interest.InferenceResult")]
public sealed record InferenceResult(
    [property: Id(0)] float[] Hidden,
    [property: Id(1)] float[] Cell,
    [property: Id(2)] float[] LongTerm,
    [property: Id(3)] ScoredItem[] TopItems,
    [property: Id(4)] string ModelVersion);

/// <summary>Which items the short-term state and the long-term embedding each favour on their own.</summary>
[GenerateSerializer, Immutable, Alias("interest.InterestProfile")]
public sealed record InterestProfile(
    [property: Id(0)] ScoredItem[] ShortTerm,
    [property: Id(1)] ScoredItem[] LongTerm);

[GenerateSerializer, Immutable, Alias("interest.ModelDescription")]
public sealed record ModelDescription(
    [property: Id(0)] string Version,
    [property: Id(1)] int ItemCount,
    [property: Id(2)] int EmbeddingSize,
    [property: Id(3)] int HiddenSize,
    [property: Id(4)] string Device,
    [property: Id(5)] string Source);

/// <summary>Counters of the dynamic batcher since it started.</summary>
[GenerateSerializer, Immutable, Alias("interest.BatchStatistics")]
public sealed record BatchStatistics(
    [property: Id(0)] long Batches,
    [property: Id(1)] long Requests,
    [property: Id(2)] long Events,
    [property: Id(3)] int LargestBatch,
    [property: Id(4)] long BatchesOfMoreThanOne,
    [property: Id(5)] double MeanBatchSize);
