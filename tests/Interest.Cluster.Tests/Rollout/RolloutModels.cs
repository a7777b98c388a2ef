using Interest.Cluster.Tests.Fixtures;
using Interest.Inference;
using Interest.Testing;

namespace Interest.Cluster.Tests.Rollout;

/// <summary>
/// Model files for rollout tests: the catalogue of <see cref="TestSettings"/>, each version its own weights (a seed)
/// and, to show that a state can never be carried across, its own hidden size.
/// </summary>
public sealed class RolloutModels : IDisposable
{
    private readonly TemporaryDirectory _directory = new("interest-rollout-");

    public string Save(string version, int seed, int hiddenSize = 32)
    {
        using var model = new InterestModel(TestSettings.ItemCount, 32, hiddenSize, seed);
        string path = _directory.File($"{version}.model");
        ModelFile.Save(path, model, ModelMetadata.For(model, version));
        return path;
    }

    public string Directory => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
