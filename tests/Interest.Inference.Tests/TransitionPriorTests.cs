using Interest.Abstractions;
using Interest.Testing;
using static TorchSharp.torch;

namespace Interest.Inference.Tests;

public sealed class TransitionPriorTests
{
    private static readonly int[][] Sequences = [[1, 2, 3], [1, 2], [2, 1], [4]];

    [Fact]
    public void Counts_every_adjacent_pair_into_ascending_rows()
    {
        var transitions = ItemTransitions.Count(Sequences, itemCount: 5);

        Assert.Equal(2, transitions.CountOf(1, 2));
        Assert.Equal(1, transitions.CountOf(2, 3));
        Assert.Equal(1, transitions.CountOf(2, 1));
        Assert.Equal(0, transitions.CountOf(3, 1));
        Assert.Equal(0, transitions.CountOf(0, 1));
        Assert.Equal([0, 0, 1, 3, 3, 3, 3], transitions.Offsets);
        Assert.Equal([2, 1, 3], transitions.Next);
        Assert.Equal(3, transitions.PairCount);
        Assert.Null(transitions.Problem(5));
        Assert.Contains("for 6 items", transitions.Problem(6));

        Assert.Throws<ArgumentException>(() => ItemTransitions.Count([[1, 9]], itemCount: 5));
    }

    [Fact]
    public void Adds_the_weighted_log_count_of_the_newest_items_followers()
    {
        var prior = new TransitionPrior(ItemTransitions.Count(Sequences, itemCount: 5), weight: 0.5);
        using var scores = ones(3, 6);

        prior.AddTo(scores, [1, 0, 2]);

        float[] values = TestData.ToArray(scores);
        float[] expected =
        [
            1, 1, 1 + (float)(0.5 * Math.Log(3)), 1, 1, 1, // 1 → 2 twice
            1, 1, 1, 1, 1, 1,                              // no newest item
            1, 1 + (float)(0.5 * Math.Log(2)), 1, 1 + (float)(0.5 * Math.Log(2)), 1, 1, // 2 → 1 and 2 → 3 once each
        ];
        Assert.Equal(expected, values);
    }

    [Fact]
    public void Scores_that_are_not_contiguous_get_the_same_term()
    {
        var prior = new TransitionPrior(ItemTransitions.Count(Sequences, itemCount: 5), weight: 2);
        using var wide = arange(36, dtype: float32).reshape(3, 12);
        using var strided = wide.narrow(1, 0, 6); // rows 12 apart: a view that is not contiguous
        using var contiguous = strided.contiguous();
        Assert.False(strided.is_contiguous());

        prior.AddTo(contiguous, [2, 1, 4]);
        prior.AddTo(strided, [2, 1, 4]);

        Assert.Equal(TestData.ToArray(contiguous), TestData.ToArray(strided.contiguous()));
    }

    [Fact]
    public void Wrong_shapes_items_and_weights_are_refused()
    {
        var transitions = ItemTransitions.Count(Sequences, itemCount: 5);
        var prior = new TransitionPrior(transitions, weight: 1);
        using var scores = zeros(2, 6);

        Assert.Throws<ArgumentException>(() => prior.AddTo(scores, [1]));
        Assert.Throws<ArgumentException>(() => prior.AddTo(zeros(2, 7), [1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => prior.AddTo(scores, [1, 6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransitionPrior(transitions, weight: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransitionPrior(transitions, weight: double.NaN));
    }

    [Fact]
    public async Task The_engine_serves_the_model_files_term_like_the_SequenceEncoder()
    {
        using var directory = new TemporaryDirectory();
        string path = directory.File("model.intr");
        const int itemCount = 300;
        var random = new Random(17);
        var histories = Enumerable.Range(0, 5).Select(_ => TestData.RandomEvents(random, 6, itemCount).Items).ToArray();
        // Each newest item was followed by an item outside its history; weight 20 puts that follower among the best.
        int[] followers = histories.Select(history => Enumerable.Range(1, itemCount).First(item => item > history[^1] && !history.Contains(item))).ToArray();
        var transitions = ItemTransitions.Count(histories.Select((history, user) => new[] { history[^1], followers[user] }), itemCount);
        using (var model = TestData.SmallModel(itemCount: itemCount, seed: 3))
        {
            ModelFile.Save(path, model, ModelMetadata.For(model, "prior-v1") with { Transitions = transitions, TransitionWeight = 20 });
        }
        var options = TestEngines.SmallOptions(itemCount: itemCount);
        options.ModelPath = path;
        await using var engine = TestEngines.Create(options);
        var (loaded, metadata) = ModelFile.Load(path);
        using var _ = loaded;
        loaded.eval();
        var prior = TransitionPrior.From(metadata)!;

        foreach (var (history, follower) in histories.Zip(followers))
        {
            var types = history.Select(_ => ClickEventType.Click).ToArray();
            var served = await engine.InferAsync(new InferenceRequest([], [], [], history, types, [], 10));
            var encoded = SequenceEncoder.Encode(loaded, history, types, [], 10, prior);
            TestData.AssertSameRanking(encoded.TopItems, served.TopItems, "with the term");
            TestData.AssertSameRanking(encoded.TopItems, engine.EncodeSequence(history, types, [], 10).TopItems, "the engine's whole-sequence encoding");

            var withoutTerm = SequenceEncoder.Encode(loaded, history, types, [], 10);
            Assert.NotEqual(withoutTerm.TopItems.Select(item => item.ItemId), encoded.TopItems.Select(item => item.ItemId));
            Assert.Contains(follower, served.TopItems.Select(item => item.ItemId));
        }
    }
}
