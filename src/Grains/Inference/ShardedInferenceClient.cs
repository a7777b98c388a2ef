using Interest.Abstractions;
using Interest.Grains.Users;
using Microsoft.Extensions.Options;

namespace Interest.Grains.Inference;

/// <summary>
/// Sends updates to the user's inference grain (<see cref="InferenceShards"/>), which placement puts on an inference
/// silo: the path of a silo that runs no engine.
/// </summary>
public sealed class ShardedInferenceClient(IGrainFactory grains, IOptions<UserGrainOptions> options, TimeProvider time) : IInferenceClient
{
    private readonly int _shards = options.Value.InferenceShards;
    private readonly ServedModelsCache _served = new(() => grains.GetGrain<IInferenceGrain>(0).GetServedModels(),
        options.Value.ServedModelsRefresh, time);

    public Task<InferenceResult> InferAsync(string userId, InferenceRequest request) =>
        InferenceShards.For(grains, userId, _shards).Infer(request);

    public ValueTask<ServedModels> GetServedModelsAsync(bool refresh = false) => _served.GetAsync(refresh);
}
