namespace Interest.Abstractions;

/// <summary>
/// The entry to the batched model on a silo with the inference role. Calls from many user grains are gathered
/// into one batch by the silo's inference engine.
/// </summary>
[Alias("interest.IInferenceGrain")]
public interface IInferenceGrain : IGrainWithIntegerKey
{
    [Alias("Infer")]
    Task<InferenceResult> Infer(InferenceRequest request);

    [Alias("Explain")]
    Task<InterestProfile> Explain(float[] hidden, float[] longTerm, int k);

    [Alias("SimilarItems")]
    Task<ScoredItem[]> SimilarItems(int itemId, int k);

    [Alias("PopularItems")]
    Task<ScoredItem[]> PopularItems(int k);

    /// <summary>The current model (<see cref="GetServedModels"/> for the candidate too).</summary>
    [Alias("Describe")]
    Task<ModelDescription> Describe();

    [Alias("GetServedModels")]
    Task<ServedModels> GetServedModels();

    [Alias("GetStatistics")]
    Task<BatchStatistics> GetStatistics();

    /// <summary>The silo this activation runs on (placement is by role).</summary>
    [Alias("GetHostSilo")]
    Task<string> GetHostSilo();
}
