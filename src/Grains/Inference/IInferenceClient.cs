using Interest.Abstractions;

namespace Interest.Grains.Inference;

/// <summary>
/// How a user grain has its updates computed: <see cref="LocalInferenceClient"/> on a silo that runs the engine
/// (inference role), <see cref="ShardedInferenceClient"/> elsewhere; the silo registers one or the other.
/// </summary>
public interface IInferenceClient
{
    /// <summary>Runs <paramref name="userId"/>'s update through the model version the request names.</summary>
    /// <exception cref="ModelVersionUnavailableException">That version is not served (transient).</exception>
    Task<InferenceResult> InferAsync(string userId, InferenceRequest request);

    /// <summary>
    /// The versions the inference silos serve, as last seen (at most <see cref="Users.UserGrainOptions.ServedModelsRefresh"/>
    /// old), or fresh when <paramref name="refresh"/> is set (after a <see cref="ModelVersionUnavailableException"/>).
    /// </summary>
    ValueTask<ServedModels> GetServedModelsAsync(bool refresh = false);
}
