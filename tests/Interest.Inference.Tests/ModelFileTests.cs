using Interest.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace Interest.Inference.Tests;

public sealed class ModelFileTests
{
    private static ModelMetadata MetadataFor(InterestModel model) => ModelMetadata.For(model, "test-v3") with
    {
        CreatedAt = new DateTimeOffset(2025, 5, 4, 3, 2, 1, TimeSpan.Zero),
        TrainingMetrics = new Dictionary<string, double> { ["recall@20"] = 0.31, ["epochs"] = 4 },
        ItemPopularity = Enumerable.Range(0, model.ItemCount + 1).Select(id => (double)(id % 7)).ToArray(),
    };

    [Fact]
    public void Saved_then_loaded_model_gives_identical_scores_and_metadata()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.intr");
        using var original = TestData.SmallModel(itemCount: 250, seed: 99);
        var metadata = MetadataFor(original);

        ModelFile.Save(path, original, metadata);
        var (loaded, loadedMetadata) = ModelFile.Load(path);
        using var _ = loaded;

        Assert.Equal(metadata.Version, loadedMetadata.Version);
        Assert.Equal(metadata.ItemCount, loadedMetadata.ItemCount);
        Assert.Equal(metadata.EmbeddingSize, loadedMetadata.EmbeddingSize);
        Assert.Equal(metadata.HiddenSize, loadedMetadata.HiddenSize);
        Assert.Equal(metadata.CreatedAt, loadedMetadata.CreatedAt);
        Assert.Equal(metadata.TrainingMetrics, loadedMetadata.TrainingMetrics);
        Assert.Equal(metadata.ItemPopularity, loadedMetadata.ItemPopularity);
        Assert.Equal(loadedMetadata, ModelFile.ReadMetadata(path) with { TrainingMetrics = loadedMetadata.TrainingMetrics, ItemPopularity = loadedMetadata.ItemPopularity });

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var items = tensor(new long[] { 3, 9, 250, 1 }, [2, 2]);
        var types = tensor(new long[] { 0, 3, 2, 1 }, [2, 2]);
        using var before = original.RunSequence(items, types);
        using var after = loaded.RunSequence(items, types);
        Assert.Equal(
            TestData.ToArray(original.Score(before.Final.Hidden, before.Final.LongTerm)),
            TestData.ToArray(loaded.Score(after.Final.Hidden, after.Final.LongTerm)));
        foreach (var (name, parameter) in original.state_dict())
        {
            Assert.True(parameter.equal(loaded.state_dict()[name]).all().ToBoolean(), $"{name} differs after loading");
        }
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("nowhere.intr");

        var exception = Assert.Throws<FileNotFoundException>(() => ModelFile.Load(path));
        Assert.Contains(path, exception.Message);
        Assert.Contains("does not exist", exception.Message);
    }

    [Fact]
    public void Wrong_magic_is_rejected_with_the_path_and_the_expected_header()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("not-a-model.intr");
        File.WriteAllText(path, "PK\u0003\u0004 this is a zip file, or something else entirely");

        var exception = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains(path, exception.Message);
        Assert.Contains("not an Interest model file", exception.Message);
        Assert.Contains("INTRMDL1", exception.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(40)]
    public void Truncated_header_is_rejected_as_truncated(int keptBytes)
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.intr");
        using (var model = TestData.SmallModel(itemCount: 50)) ModelFile.Save(path, model, ModelMetadata.For(model, "v1"));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..keptBytes]);

        var exception = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains(path, exception.Message);
        Assert.Contains("truncated", exception.Message);
    }

    [Fact]
    public void Truncated_weights_are_rejected_with_the_path()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.intr");
        using (var model = TestData.SmallModel(itemCount: 50)) ModelFile.Save(path, model, ModelMetadata.For(model, "v1"));
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length - 100)]);

        var exception = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains(path, exception.Message);
        Assert.Contains("weights could not be read", exception.Message);
    }

    [Fact]
    public void Weights_that_do_not_fit_the_metadata_are_rejected()
    {
        using var directory = new TemporaryDirectory();
        string small = directory.File("small.intr");
        string large = directory.File("large.intr");
        using (var model = TestData.SmallModel(itemCount: 50)) ModelFile.Save(small, model, ModelMetadata.For(model, "v1"));
        using (var model = TestData.SmallModel(itemCount: 60)) ModelFile.Save(large, model, ModelMetadata.For(model, "v1"));

        // The header of the small model in front of the weights of the large one.
        byte[] smallBytes = File.ReadAllBytes(small);
        byte[] largeBytes = File.ReadAllBytes(large);
        int headerLength = 8 + 4 + BitConverter.ToInt32(smallBytes, 8);
        int largeHeaderLength = 8 + 4 + BitConverter.ToInt32(largeBytes, 8);
        File.WriteAllBytes(small, [.. smallBytes[..headerLength], .. largeBytes[largeHeaderLength..]]);

        var exception = Assert.Throws<InvalidDataException>(() => ModelFile.Load(small));
        Assert.Contains(small, exception.Message);
    }

    [Fact]
    public void Corrupt_metadata_is_rejected()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.intr");
        byte[] json = "{not json"u8.ToArray();
        File.WriteAllBytes(path, [.. "INTRMDL1"u8.ToArray(), .. BitConverter.GetBytes(json.Length), .. json, 1, 2, 3]);

        var exception = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains(path, exception.Message);
        Assert.Contains("not valid JSON", exception.Message);
    }

    [Fact]
    public void Save_rejects_metadata_that_does_not_describe_the_model()
    {
        using var directory = new TemporaryDirectory();
        using var model = TestData.SmallModel(itemCount: 50);
        var wrong = ModelMetadata.For(model, "v1") with { ItemCount = 51 };

        Assert.Throws<ArgumentException>(() => ModelFile.Save(directory.File("model.intr"), model, wrong));
        Assert.False(File.Exists(directory.File("model.intr")));
    }

    [Fact]
    public void Transitions_and_their_weight_survive_the_file()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.intr");
        using var model = TestData.SmallModel(itemCount: 50);
        var transitions = ItemTransitions.Count([[1, 2, 3, 1, 2], [50, 49]], itemCount: 50);
        ModelFile.Save(path, model, ModelMetadata.For(model, "v1") with { Transitions = transitions, TransitionWeight = 0.75 });

        var metadata = ModelFile.ReadMetadata(path);
        Assert.Equal(0.75, metadata.TransitionWeight);
        Assert.Equal(transitions.Offsets, metadata.Transitions!.Offsets);
        Assert.Equal(transitions.Next, metadata.Transitions.Next);
        Assert.Equal(transitions.Counts, metadata.Transitions.Counts);
        Assert.Equal(0.75, TransitionPrior.From(metadata)!.Weight);
        Assert.Null(TransitionPrior.From(metadata with { TransitionWeight = 0 }));
    }

    [Fact]
    public void Invalid_transitions_are_rejected_on_save_and_on_load()
    {
        using var directory = new TemporaryDirectory();
        using var model = TestData.SmallModel(itemCount: 50);
        var transitions = ItemTransitions.Count([[1, 2, 3]], itemCount: 50);
        var outOfCatalogue = transitions with { Next = [2, 51] };

        Assert.Throws<ArgumentException>(() => ModelFile.Save(directory.File("a.intr"), model,
            ModelMetadata.For(model, "v1") with { TransitionWeight = 1 }));
        Assert.Throws<ArgumentException>(() => ModelFile.Save(directory.File("b.intr"), model,
            ModelMetadata.For(model, "v1") with { Transitions = outOfCatalogue, TransitionWeight = 1 }));

        // A file whose header was edited after saving: the engine must not index outside the score rows.
        string path = directory.File("c.intr");
        ModelFile.Save(path, model, ModelMetadata.For(model, "v1") with { Transitions = transitions, TransitionWeight = 1 });
        byte[] bytes = File.ReadAllBytes(path);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 12, BitConverter.ToInt32(bytes, 8));
        string edited = header.Replace("\"Next\":[2,3]", "\"Next\":[2,51]", StringComparison.Ordinal);
        Assert.NotEqual(header, edited);
        File.WriteAllBytes(path, [.. bytes[..12].Take(8), .. BitConverter.GetBytes(edited.Length), .. System.Text.Encoding.UTF8.GetBytes(edited),
            .. bytes[(12 + header.Length)..]]);

        var exception = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path));
        Assert.Contains("item transitions are invalid", exception.Message);
        Assert.Contains("outside the catalogue", exception.Message);
    }
}
