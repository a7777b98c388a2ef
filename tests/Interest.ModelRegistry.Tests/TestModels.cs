using Interest.Inference;

namespace Interest.ModelRegistry.Tests;

/// <summary>Small real model files, written with <see cref="ModelFile.Save"/>.</summary>
internal static class TestModels
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 30, 8, 15, 0, TimeSpan.Zero);

    /// <summary>Writes a model of version <paramref name="version"/> to <paramref name="path"/>; another seed gives other weights.</summary>
    public static string Write(string path, string version, long seed = 1, int itemCount = 40, int embeddingSize = 8, int hiddenSize = 6)
    {
        using var model = new InterestModel(itemCount, embeddingSize, hiddenSize, seed);
        ModelFile.Save(path, model, ModelMetadata.For(model, version) with
        {
            CreatedAt = CreatedAt,
            TrainingMetrics = new Dictionary<string, double> { ["test_full_ndcg@10"] = 0.0625, ["epochs"] = 3 },
        });
        return path;
    }
}
