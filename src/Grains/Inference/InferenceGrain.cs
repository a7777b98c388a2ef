using Interest.Abstractions;
using Interest.Grains.Placement;
using Interest.Inference;
using Orleans.Concurrency;

namespace Interest.Grains.Inference;

/// <summary>
/// Forwards to the silo's batched inference engine. Reentrant, so that calls from many user grains are
/// in flight at once and the engine can gather them into one batch.
/// </summary>
/// <remarks>
/// Placement keeps activations on silos with the inference role, the only ones that register the engine; the engine is
/// optional here so that an activation anywhere else fails with that reason rather than an unresolved service.
/// </remarks>
[Reentrant]
[InferenceRolePlacementFilter]
public sealed class InferenceGrain(ILocalSiloDetails localSilo, IInferenceEngine? engine = null) : Grain, IInferenceGrain
{
    private readonly IInferenceEngine _engine = engine
        ?? throw new InvalidOperationException($"Silo {localSilo.SiloAddress} has no inference engine: it lacks the '{SiloRoles.Inference}' role.");

    public Task<InferenceResult> Infer(InferenceRequest request) => _engine.InferAsync(request);

    public Task<InterestProfile> Explain(float[] hidden, float[] longTerm, int k) => Task.FromResult(_engine.Explain(hidden, longTerm, k));

    public Task<ScoredItem[]> SimilarItems(int itemId, int k) => Task.FromResult(_engine.SimilarItems(itemId, k));

    public Task<ScoredItem[]> PopularItems(int k) => Task.FromResult(_engine.PopularItems(k));

    public Task<ModelDescription> Describe() => Task.FromResult(_engine.Description);

    public Task<ServedModels> GetServedModels() => Task.FromResult(_engine.Served);

    public Task<BatchStatistics> GetStatistics() => Task.FromResult(_engine.Statistics);

    public Task<string> GetHostSilo() => Task.FromResult(localSilo.SiloAddress.ToString());
}
