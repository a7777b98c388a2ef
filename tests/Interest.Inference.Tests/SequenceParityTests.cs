using Interest.Abstractions;
using static TorchSharp.torch;

namespace Interest.Inference.Tests;

/// <summary>The online path (one Step per event) and the training path (RunSequence) must compute the same model.</summary>
public sealed class SequenceParityTests
{
    private static readonly int[] UserLengths = [1, 7, 30, 13, 2];

    [Fact]
    public void Step_by_step_matches_run_sequence_for_users_of_different_lengths()
    {
        const int itemCount = 400;
        using var model = TestData.SmallModel(itemCount);
        var random = new Random(123);
        var users = UserLengths.Select(length => TestData.RandomEvents(random, length, itemCount)).ToArray();
        int longest = UserLengths.Max();

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();

        // Whole sequences at once, left-aligned and padded with item 0.
        var items = new long[users.Length * longest];
        var types = new long[users.Length * longest];
        for (int user = 0; user < users.Length; user++)
        {
            for (int t = 0; t < UserLengths[user]; t++)
            {
                items[user * longest + t] = users[user].Items[t];
                types[user * longest + t] = (long)users[user].Types[t];
            }
        }
        using var run = model.RunSequence(
            tensor(items, [users.Length, longest]), tensor(types, [users.Length, longest]), tensor(UserLengths.Select(l => (long)l).ToArray()));
        var sequenceScores = model.Score(run.Final.Hidden, run.Final.LongTerm);

        for (int user = 0; user < users.Length; user++)
        {
            var state = model.InitialState(1);
            for (int t = 0; t < UserLengths[user]; t++)
            {
                state = model.Step(state, tensor(new long[] { users[user].Items[t] }), tensor(new long[] { (long)users[user].Types[t] }));

                // Every real position agrees, not only the last one.
                TestData.AssertClose(TestData.ToArray(state.Hidden[0]), TestData.ToArray(run.Hidden[user, t]), $"user {user} h at {t}");
                TestData.AssertClose(TestData.ToArray(state.LongTerm[0]), TestData.ToArray(run.LongTerm[user, t]), $"user {user} u at {t}");
                TestData.AssertClose(
                    TestData.ToArray(model.Combine(state.Hidden, state.LongTerm)[0]), TestData.ToArray(run.Combined[user, t]), $"user {user} z at {t}");
            }
            var stepScores = model.Score(state.Hidden, state.LongTerm);

            TestData.AssertClose(TestData.ToArray(state.Hidden[0]), TestData.ToArray(run.Final.Hidden[user]), $"user {user} final h");
            TestData.AssertClose(TestData.ToArray(state.Cell[0]), TestData.ToArray(run.Final.Cell[user]), $"user {user} final c");
            TestData.AssertClose(TestData.ToArray(state.LongTerm[0]), TestData.ToArray(run.Final.LongTerm[user]), $"user {user} final u");
            TestData.AssertClose(TestData.ToArray(stepScores[0]), TestData.ToArray(sequenceScores[user]), $"user {user} scores");
        }
    }

    /// <summary>Small hidden sizes take other libtorch kernels than the test model's: the served model may be one.</summary>
    [Theory]
    [InlineData(8, 8)]
    [InlineData(16, 16)]
    [InlineData(32, 16)]
    [InlineData(16, 24)]
    [InlineData(64, 64)]
    public void Step_by_step_matches_run_sequence_for_any_model_size(int embeddingSize, int hiddenSize)
    {
        using var model = new InterestModel(300, embeddingSize, hiddenSize, seed: 3);
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (items, types) = TestData.RandomEvents(new Random(hiddenSize), 6, model.ItemCount);

        using var run = model.RunSequence(
            tensor(items.Select(i => (long)i).ToArray(), [1, items.Length]), tensor(types.Select(t => (long)t).ToArray(), [1, items.Length]));
        var state = model.InitialState(1);
        for (int t = 0; t < items.Length; t++)
        {
            state = model.Step(state, tensor(new long[] { items[t] }), tensor(new long[] { (long)types[t] }));
            TestData.AssertClose(TestData.ToArray(state.Hidden[0]), TestData.ToArray(run.Hidden[0, t]), $"h at {t}");
        }
        TestData.AssertClose(TestData.ToArray(state.Cell[0]), TestData.ToArray(run.Final.Cell[0]), "final c");
    }

    [Fact]
    public void Final_state_is_taken_at_each_users_own_last_event_not_at_the_padding()
    {
        using var model = TestData.SmallModel();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var items = tensor(new long[] { 5, 6, 7, 8, 5, 0, 0, 0 }, [2, 4]);
        var types = tensor(new long[] { 1, 1, 1, 1, 1, 0, 0, 0 }, [2, 4]);

        using var padded = model.RunSequence(items, types, tensor(new long[] { 4, 1 }));
        using var alone = model.RunSequence(tensor(new long[] { 5 }, [1, 1]), tensor(new long[] { 1 }, [1, 1]));

        TestData.AssertClose(TestData.ToArray(alone.Final.Hidden[0]), TestData.ToArray(padded.Final.Hidden[1]), "h");
        TestData.AssertClose(TestData.ToArray(alone.Final.Cell[0]), TestData.ToArray(padded.Final.Cell[1]), "c");
        TestData.AssertClose(TestData.ToArray(alone.Final.LongTerm[0]), TestData.ToArray(padded.Final.LongTerm[1]), "u");
    }

    [Fact]
    public void Run_sequence_from_a_given_state_continues_where_steps_left_off()
    {
        using var model = TestData.SmallModel();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var random = new Random(9);
        var (items, types) = TestData.RandomEvents(random, 10, model.ItemCount);

        var state = model.InitialState(1);
        for (int t = 0; t < 4; t++)
        {
            state = model.Step(state, tensor(new long[] { items[t] }), tensor(new long[] { (long)types[t] }));
        }
        using var rest = model.RunSequence(
            tensor(items[4..].Select(i => (long)i).ToArray(), [1, 6]), tensor(types[4..].Select(t => (long)t).ToArray(), [1, 6]), initial: state);
        using var whole = model.RunSequence(
            tensor(items.Select(i => (long)i).ToArray(), [1, 10]), tensor(types.Select(t => (long)t).ToArray(), [1, 10]));

        TestData.AssertClose(TestData.ToArray(whole.Final.Hidden), TestData.ToArray(rest.Final.Hidden), "h");
        TestData.AssertClose(TestData.ToArray(whole.Final.Cell), TestData.ToArray(rest.Final.Cell), "c");
        TestData.AssertClose(TestData.ToArray(whole.Final.LongTerm), TestData.ToArray(rest.Final.LongTerm), "u");
    }

    [Fact]
    public void SequenceEncoder_matches_steps_and_masks_its_own_items()
    {
        using var model = TestData.SmallModel();
        var random = new Random(31);
        var (items, types) = TestData.RandomEvents(random, 12, model.ItemCount);
        int[] exclude = [1, 2, 3];

        var encoded = SequenceEncoder.Encode(model, items, types, exclude, topK: 50);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var state = model.InitialState(1);
        for (int t = 0; t < items.Length; t++)
        {
            state = model.Step(state, tensor(new long[] { items[t] }), tensor(new long[] { (long)types[t] }));
        }
        TestData.AssertClose(TestData.ToArray(state.Hidden), encoded.Hidden, "h");
        TestData.AssertClose(TestData.ToArray(state.Cell), encoded.Cell, "c");
        TestData.AssertClose(TestData.ToArray(state.LongTerm), encoded.LongTerm, "u");
        TestData.AssertClose(TestData.ToArray(model.Score(state.Hidden, state.LongTerm)), encoded.Scores, "scores");

        Assert.Equal(50, encoded.TopItems.Length);
        Assert.DoesNotContain(encoded.TopItems, item => item.ItemId == 0 || items.Contains(item.ItemId) || exclude.Contains(item.ItemId));
        TestData.AssertSortedDescending(encoded.TopItems);
        Assert.Equal(encoded.Scores[encoded.TopItems[0].ItemId], encoded.TopItems[0].Score);
    }

    [Fact]
    public void SequenceEncoder_of_no_events_is_the_new_user_state()
    {
        using var model = TestData.SmallModel();
        var encoded = SequenceEncoder.Encode(model, [], [], [], topK: 5);

        Assert.All(encoded.Hidden.Concat(encoded.Cell).Concat(encoded.LongTerm), value => Assert.Equal(0f, value));
        Assert.Equal(5, encoded.TopItems.Length);
        Assert.Throws<ArgumentException>(() => SequenceEncoder.Encode(model, [model.ItemCount + 1], [ClickEventType.View], [], 5));
    }
}
