using Interest.Abstractions;
using Interest.Inference;

namespace Interest.Grains.Inference;

/// <summary>
/// Hands updates straight to this silo's engine. Both paths reach a batcher; this one saves an Orleans call per
/// update (docs/BENCHMARKS.md).
/// </summary>
public sealed class LocalInferenceClient(IInferenceEngine engine) : IInferenceClient
{
    public Task<InferenceResult> InferAsync(string userId, InferenceRequest request) => engine.InferAsync(request);

    public ValueTask<ServedModels> GetServedModelsAsync(bool refresh = false) => ValueTask.FromResult(engine.Served);
}
