using Interest.Abstractions;
using Interest.Grains.Placement;
using Interest.ModelRegistry;
using Registry = Interest.ModelRegistry.ModelRegistry;

namespace Interest.Grains.Models;

/// <summary>
/// Changes the registry's rollout for the admin endpoints. Inference silos reach the registry's directory, so placement
/// keeps the activation there; the registry is optional so that a cluster without one answers with that reason.
/// </summary>
[InferenceRolePlacementFilter]
public sealed class ModelAdminGrain(IGrainFactory grains, Registry? registry = null) : Grain, IModelAdminGrain
{
    public async Task<ModelRegistryView> List()
    {
        var rollout = await Registry.ReadRolloutAsync();
        var versions = await Registry.ListAsync();
        var quality = await Task.WhenAll(versions.Select(model => grains.GetGrain<IModelQualityGrain>(model.Version).Get()));
        return new ModelRegistryView(View(rollout), versions.Select((model, i) => new PublishedModelView(
            model.Version, model.ItemCount, model.EmbeddingSize, model.HiddenSize, model.CreatedAt, model.PublishedAt,
            model.TrainingMetrics?.ToDictionary(), model.SizeBytes, model.Sha256, quality[i])).ToArray());
    }

    public Task<ModelRolloutView> Promote(string version) => Change(() => Registry.PromoteAsync(version));

    public Task<ModelRolloutView> SetCandidate(string version, double canaryShare) => Change(() => Registry.SetCandidateAsync(version, canaryShare));

    public Task<ModelRolloutView> ClearCandidate() => Change(() => Registry.ClearCandidateAsync());

    public Task<ModelRolloutView> Rollback() => Change(() => Registry.RollbackAsync());

    private Registry Registry => registry
        ?? throw new InvalidOperationException("No model registry is configured (ModelRegistry:Directory on the inference silos).");

    private static async Task<ModelRolloutView> Change(Func<Task<ModelRollout>> change)
    {
        try
        {
            return View(await change());
        }
        catch (ModelRegistryException e)
        {
            throw new ArgumentException(e.Message);
        }
    }

    private static ModelRolloutView View(ModelRollout rollout) =>
        new(rollout.Current, rollout.Candidate, rollout.CanaryShare, [.. rollout.History], rollout.ChangedAt);
}
