using Interest.Abstractions;

namespace Interest.Grains.Inference;

/// <summary>
/// How a user grain has its updates computed: <see cref="LocalInferenceClient"/> on a silo that runs the engine
/// (inference role), <see cref="ShardedInferenceClient"/> elsewhere; the silo registers one or the other.
/// </summary>
public interface IInferenceClient
{
    /// <summary>Runs <paramref name="userId"/>'s update through the served model.</summary>
    Task<InferenceResult> InferAsync(string userId, InferenceRequest request);
}
