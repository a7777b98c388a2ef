using Interest.Abstractions;

namespace Interest.Grains.Inference;

/// <summary>Spreads users over a few inference grain activations (placed on inference silos) by a stable hash.</summary>
public static class InferenceShards
{
    public static IInferenceGrain For(IGrainFactory grains, string userId, int shardCount) =>
        grains.GetGrain<IInferenceGrain>(ShardOf(userId, shardCount));

    public static int ShardOf(string userId, int shardCount)
    {
        uint hash = 2166136261;
        foreach (char ch in userId)
        {
            hash = (hash ^ ch) * 16777619;
        }
        return (int)(hash % (uint)Math.Max(1, shardCount));
    }
}
