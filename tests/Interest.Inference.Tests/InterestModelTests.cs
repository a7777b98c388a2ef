using TorchSharp;
using static TorchSharp.torch;

namespace Interest.Inference.Tests;

public sealed class InterestModelTests
{
    [Fact]
    public void Native_library_loads_and_forward_pass_gives_finite_scores_of_the_right_shape()
    {
        Assert.True(torch.TryInitializeDeviceType(DeviceType.CPU));
        using var model = TestData.SmallModel(itemCount: 300);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();

        var state = model.InitialState(3);
        var next = model.Step(state, tensor(new long[] { 5, 17, 300 }), tensor(new long[] { 0, 2, 3 }));
        var scores = model.Score(next.Hidden, next.LongTerm);

        Assert.Equal(new long[] { 3, 301 }, scores.shape);
        Assert.Equal(ScalarType.Float32, scores.dtype);
        Assert.True(scores.isfinite().all().ToBoolean());
        Assert.True(scores.std().ToSingle() > 0, "scores of a random model should differ between items");
        Assert.Equal(new long[] { 3, 24 }, next.Hidden.shape);
        Assert.Equal(new long[] { 3, 24 }, next.Cell.shape);
        Assert.Equal(new long[] { 3, 32 }, next.LongTerm.shape);
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_a_different_seed_does_not()
    {
        using var first = TestData.SmallModel(seed: 3);
        using var second = TestData.SmallModel(seed: 3);
        using var other = TestData.SmallModel(seed: 4);

        Assert.Equal(TestData.ToArray(first.ItemEmbeddings), TestData.ToArray(second.ItemEmbeddings));
        Assert.NotEqual(TestData.ToArray(first.ItemEmbeddings), TestData.ToArray(other.ItemEmbeddings));
    }

    [Fact]
    public void Padding_row_is_zero_and_state_dict_names_are_stable()
    {
        using var model = TestData.SmallModel();
        Assert.All(TestData.ToArray(model.ItemEmbeddings[InterestModel.PaddingItem]), value => Assert.Equal(0f, value));

        var names = model.state_dict().Keys.ToHashSet();
        foreach (var expected in new[]
        {
            "item_embedding.weight", "event_type_embedding.weight", "short_term.weight_ih_l0", "short_term.weight_hh_l0",
            "interest_gate.weight", "interest_gate.bias", "hidden_projection.weight", "long_term_rate_logits", "item_bias",
        })
        {
            Assert.Contains(expected, names);
        }
    }

    [Fact]
    public void Long_term_embedding_moves_towards_the_item_by_the_event_types_rate()
    {
        using var model = TestData.SmallModel();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();

        var state = model.InitialState(2);
        var next = model.Step(state, tensor(new long[] { 9, 9 }), tensor(new long[] { 0, 3 }));
        var item = model.ItemEmbeddings[9];
        // From u = 0: u' = a·e, so u' / e is the rate, and a purchase starts with a higher rate than a view.
        float viewRate = (next.LongTerm[0] / item).mean().ToSingle();
        float purchaseRate = (next.LongTerm[1] / item).mean().ToSingle();
        Assert.InRange(viewRate, 0.05f, 0.1f);
        Assert.InRange(purchaseRate, 0.25f, 0.3f);
    }

    [Fact]
    public void Masked_step_leaves_inactive_users_unchanged()
    {
        using var model = TestData.SmallModel();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var random = new Random(5);
        var state = new InterestState(
            tensor(TestData.RandomVector(random, 2 * 24), [2, 24]),
            tensor(TestData.RandomVector(random, 2 * 24), [2, 24]),
            tensor(TestData.RandomVector(random, 2 * 32), [2, 32]));

        var next = model.Step(state, tensor(new long[] { 4, 0 }), tensor(new long[] { 1, 0 }), tensor(new[] { true, false }));

        Assert.Equal(TestData.ToArray(state.Hidden[1]), TestData.ToArray(next.Hidden[1]));
        Assert.Equal(TestData.ToArray(state.Cell[1]), TestData.ToArray(next.Cell[1]));
        Assert.Equal(TestData.ToArray(state.LongTerm[1]), TestData.ToArray(next.LongTerm[1]));
        Assert.NotEqual(TestData.ToArray(state.Hidden[0]), TestData.ToArray(next.Hidden[0]));
    }

    [Fact]
    public void Run_sequence_is_differentiable_through_every_part()
    {
        using var model = TestData.SmallModel(itemCount: 100);
        using var scope = NewDisposeScope();
        var items = tensor(new long[] { 3, 4, 5, 6, 7, 8, 0, 0 }, [2, 4]);
        var types = tensor(new long[] { 0, 1, 2, 3, 3, 2, 0, 0 }, [2, 4]);
        var lengths = tensor(new long[] { 4, 2 });

        using var run = model.RunSequence(items, types, lengths);
        var logits = model.ScoreCombined(run.Combined);
        Assert.Equal(new long[] { 2, 4, 101 }, logits.shape);
        var loss = nn.functional.cross_entropy(logits[0, ..3], tensor(new long[] { 4, 5, 6 }));
        loss.backward();

        foreach (var (name, parameter) in model.named_parameters())
        {
            var gradient = parameter.grad;
            Assert.True(gradient is not null, $"{name} has no gradient");
            if (name == "event_type_embedding.weight" || name == "short_term.weight_ih_l0" || name == "item_bias" || name == "long_term_rate_logits")
            {
                Assert.True(gradient.abs().sum().ToSingle() > 0, $"{name} has an all-zero gradient");
            }
        }
    }
}
