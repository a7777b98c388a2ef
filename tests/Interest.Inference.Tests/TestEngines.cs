using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interest.Inference.Tests;

internal static class TestEngines
{
    public static InferenceOptions SmallOptions(int itemCount = 600, int maxBatchSize = 512, double maxBatchWaitMs = 5, int seed = 11) => new()
    {
        ItemCount = itemCount,
        EmbeddingSize = 32,
        HiddenSize = 24,
        MaxBatchSize = maxBatchSize,
        MaxBatchWaitMs = maxBatchWaitMs,
        Device = "cpu",
        Seed = seed,
    };

    public static BatchedInferenceEngine Create(InferenceOptions options) =>
        new(Options.Create(options), NullLogger<BatchedInferenceEngine>.Instance);

    public static BatchedInferenceEngine Create(int itemCount = 600, int maxBatchSize = 512, double maxBatchWaitMs = 5, int seed = 11) =>
        Create(SmallOptions(itemCount, maxBatchSize, maxBatchWaitMs, seed));
}
