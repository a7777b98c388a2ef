using Interest.Abstractions;
using Interest.Grains.Placement;
using Interest.Inference;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Interest.Grains.Inference;

/// <summary>
/// Forwards to the silo's batched inference engine. Reentrant, so that calls from many user grains are
/// in flight at once and the engine can gather them into one batch.
/// </summary>
[Reentrant]
[InferenceRolePlacementFilter]
public sealed class InferenceGrain(IServiceProvider services, ILocalSiloDetails localSilo) : Grain, IInferenceGrain
{
    private IInferenceEngine Engine =>
        services.GetService<IInferenceEngine>()
        ?? throw new InvalidOperationException($"Silo {localSilo.SiloAddress} has no inference engine: it lacks the '{SiloRoles.Inference}' role.");

    public Task<InferenceResult> Infer(InferenceRequest request) => Engine.InferAsync(request);

    public Task<InterestProfile> Explain(float[] hidden, float[] longTerm, int k) => Task.FromResult(Engine.Explain(hidden, longTerm, k));

    public Task<ScoredItem[]> SimilarItems(int itemId, int k) => Task.FromResult(Engine.SimilarItems(itemId, k));

    public Task<ScoredItem[]> PopularItems(int k) => Task.FromResult(Engine.PopularItems(k));

    public Task<ModelDescription> Describe() => Task.FromResult(Engine.Description);

    public Task<BatchStatistics> GetStatistics() => Task.FromResult(Engine.Statistics);

    public Task<string> GetHostSilo() => Task.FromResult(localSilo.SiloAddress.ToString());
}
