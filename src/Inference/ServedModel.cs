using Interest.Abstractions;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// One loaded model version with what serving it needs: its batch computation, transition term, unit item embeddings
/// for similar items, and popularity. The engine owns the instances it serves and disposes one when a rollout retires it.
/// </summary>
public sealed class ServedModel : IDisposable
{
    private ServedModel(InterestModel model, ModelMetadata? metadata, ModelDescription description)
    {
        Model = model;
        Description = description;
        TransitionPrior = metadata is null ? null : TransitionPrior.From(metadata);
        Computation = new BatchComputation(model, description.Version, TransitionPrior);
        Popularity = new ItemPopularity(model.ItemCount, metadata?.ItemPopularity);
        using (no_grad())
        {
            UnitItemEmbeddings = nn.functional.normalize(model.ItemEmbeddings, p: 2, dim: 1).DetachFromDisposeScope();
        }
    }

    public ModelDescription Description { get; }

    public string Version => Description.Version;

    internal InterestModel Model { get; }

    internal BatchComputation Computation { get; }

    internal TransitionPrior? TransitionPrior { get; }

    internal ItemPopularity Popularity { get; }

    internal Tensor UnitItemEmbeddings { get; }

    /// <summary>Set under the engine's model lock when a rollout takes the version out of service; it is disposed then.</summary>
    internal bool Retired { get; set; }

    /// <summary>Reads a model file onto <paramref name="device"/> and checks that it computes (<see cref="Validate"/>).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt, does not fit its metadata, or its weights do not compute.</exception>
    public static ServedModel FromFile(string path, Device device)
    {
        var (model, metadata) = ModelFile.Load(path, device);
        model.eval();
        var description = new ModelDescription(metadata.Version, model.ItemCount, model.EmbeddingSize, model.HiddenSize,
            TorchDevices.Describe(device), Path.GetFullPath(path));
        var served = new ServedModel(model, metadata, description);
        try
        {
            served.Validate();
            return served;
        }
        catch
        {
            served.Dispose();
            throw;
        }
    }

    /// <summary>A freshly initialised model of the options' sizes, for development without a model file.</summary>
    public static ServedModel Untrained(InferenceOptions options, Device device)
    {
        var model = new InterestModel(options.ItemCount, options.EmbeddingSize, options.HiddenSize, options.Seed, device);
        model.eval();
        var description = new ModelDescription($"untrained-seed-{options.Seed}", model.ItemCount, model.EmbeddingSize, model.HiddenSize,
            TorchDevices.Describe(device), $"fresh (untrained, seed {options.Seed})");
        return new ServedModel(model, null, description);
    }

    /// <summary>
    /// Steps a new user over a few events and ranks items: a file whose weights hold NaN or infinity, or that ranks
    /// nothing, passes <see cref="ModelFile"/>'s checks but would serve garbage.
    /// </summary>
    /// <exception cref="InvalidDataException">The model does not compute finite states and scores.</exception>
    public void Validate()
    {
        int[] items = [1, Math.Max(1, Model.ItemCount / 2), Model.ItemCount];
        var request = new InferenceRequest([], [], [], items, [ClickEventType.View, ClickEventType.Click, ClickEventType.Purchase], [], 10, Version);
        var result = Computation.Run([request])[0];
        bool finite = result.Hidden.All(float.IsFinite) && result.Cell.All(float.IsFinite) && result.LongTerm.All(float.IsFinite)
            && result.TopItems.All(item => float.IsFinite(item.Score));
        if (!finite || result.TopItems.Length == 0)
        {
            throw new InvalidDataException(
                $"Model '{Version}' does not compute: a test step gave {(finite ? "no ranked items" : "values that are not finite (NaN or infinity)")}.");
        }
    }

    public void Dispose()
    {
        UnitItemEmbeddings.Dispose();
        Model.Dispose();
    }
}
