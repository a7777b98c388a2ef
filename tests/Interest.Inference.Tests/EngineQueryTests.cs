using Interest.Abstractions;
using Interest.Testing;

namespace Interest.Inference.Tests;

/// <summary>SimilarItems, Explain and PopularItems.</summary>
public sealed class EngineQueryTests
{
    [Fact]
    public async Task Similar_items_are_the_k_nearest_by_cosine_excluding_the_item_itself()
    {
        await using var engine = TestEngines.Create(itemCount: 600, seed: 21);
        // A model from the same seed has the same embeddings, so cosine similarity can be checked independently.
        using var sameModel = new InterestModel(600, 32, 24, seed: 21);
        float[] embeddings = TestData.ToArray(sameModel.ItemEmbeddings);
        const int itemId = 42;

        var similar = engine.SimilarItems(itemId, 15);

        Assert.Equal(15, similar.Length);
        Assert.DoesNotContain(similar, item => item.ItemId == itemId || item.ItemId == 0);
        TestData.AssertSortedDescending(similar);
        var expected = Enumerable.Range(1, 600).Where(id => id != itemId)
            .Select(id => new ScoredItem(id, Cosine(embeddings, itemId, id, 32)))
            .OrderByDescending(item => item.Score).Take(15).ToArray();
        TestData.AssertSameRanking(expected, similar, "similar items");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(601)]
    public async Task Similar_items_of_an_unknown_item_throws(int itemId)
    {
        await using var engine = TestEngines.Create(itemCount: 600);
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SimilarItems(itemId, 5));
    }

    [Fact]
    public async Task Similar_items_rejects_a_bad_k()
    {
        await using var engine = TestEngines.Create(itemCount: 600);
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SimilarItems(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SimilarItems(1, InterestLimits.MaxTopK + 1));
    }

    [Fact]
    public async Task Explain_ranks_each_side_alone_and_a_new_user_has_nothing_to_explain()
    {
        await using var engine = TestEngines.Create(itemCount: 600);
        var random = new Random(4);
        var (items, types) = TestData.RandomEvents(random, 15, 600);
        var state = await engine.InferAsync(new InferenceRequest([], [], [], items, types, [], 5));

        var profile = engine.Explain(state.Hidden, state.LongTerm, 12);
        var empty = engine.Explain([], [], 12);

        Assert.Equal(12, profile.ShortTerm.Length);
        Assert.Equal(12, profile.LongTerm.Length);
        Assert.DoesNotContain(profile.ShortTerm.Concat(profile.LongTerm), item => item.ItemId == 0);
        TestData.AssertSortedDescending(profile.ShortTerm);
        TestData.AssertSortedDescending(profile.LongTerm);
        Assert.NotEqual(profile.ShortTerm.Select(i => i.ItemId), profile.LongTerm.Select(i => i.ItemId));
        Assert.Empty(empty.ShortTerm);
        Assert.Empty(empty.LongTerm);
        Assert.Throws<ArgumentException>(() => engine.Explain(new float[5], [], 3));
    }

    [Fact]
    public async Task Long_term_side_favours_the_items_the_user_kept_buying()
    {
        await using var engine = TestEngines.Create(itemCount: 600, seed: 12);
        var items = Enumerable.Repeat(77, 12).ToArray();
        var types = Enumerable.Repeat(ClickEventType.Purchase, 12).ToArray();
        var state = await engine.InferAsync(new InferenceRequest([], [], [], items, types, [], 5));

        var profile = engine.Explain(state.Hidden, state.LongTerm, 3);

        Assert.Equal(77, profile.LongTerm[0].ItemId);
    }

    [Fact]
    public async Task Popular_items_count_what_requests_contained()
    {
        await using var engine = TestEngines.Create(itemCount: 600);
        Assert.Empty(engine.PopularItems(5));

        await engine.InferAsync(new InferenceRequest([], [], [], [9, 9, 9, 4], [ClickEventType.View, ClickEventType.Click, ClickEventType.View, ClickEventType.Cart], [], 5));
        await engine.InferAsync(new InferenceRequest([], [], [], [4, 9, 300], [ClickEventType.View, ClickEventType.View, ClickEventType.View], [], 5));

        var popular = engine.PopularItems(5);
        Assert.Equal([new ScoredItem(9, 4), new ScoredItem(4, 2), new ScoredItem(300, 1)], popular);
        Assert.Single(engine.PopularItems(1));
    }

    [Fact]
    public async Task Popular_items_fall_back_to_the_model_files_popularity_before_traffic()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.intr");
        using (var model = new InterestModel(50, 8, 8, seed: 1))
        {
            var popularity = new double[51];
            popularity[17] = 100;
            popularity[3] = 50;
            popularity[44] = 10;
            ModelFile.Save(path, model, ModelMetadata.For(model, "popular-v1") with { ItemPopularity = popularity });
        }
        var options = TestEngines.SmallOptions();
        options.ModelPath = path;
        await using var engine = TestEngines.Create(options);

        Assert.Equal([17, 3, 44], engine.PopularItems(10).Select(item => item.ItemId));
        Assert.Equal("popular-v1", engine.Description.Version);
        Assert.Equal(50, engine.Description.ItemCount);
        Assert.Equal(Path.GetFullPath(path), engine.Description.Source);

        await engine.InferAsync(new InferenceRequest([], [], [], [44], [ClickEventType.View], [], 5));
        Assert.Equal([44, 17, 3], engine.PopularItems(10).Select(item => item.ItemId));
    }

    private static float Cosine(float[] embeddings, int a, int b, int size)
    {
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < size; i++)
        {
            double x = embeddings[a * size + i], y = embeddings[b * size + i];
            dot += x * y;
            normA += x * x;
            normB += y * y;
        }
        return (float)(dot / Math.Sqrt(normA * normB));
    }
}
