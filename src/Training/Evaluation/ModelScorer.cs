using Interest.Abstractions;
using Interest.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Interest.Training.Evaluation;

/// <summary>
/// The interest model as the silo serves it: each whole history run as <see cref="ClickEventType.Click"/> events from a
/// new user's state (what <see cref="SequenceEncoder"/> does, batched), then all items scored, with the transition term
/// of <paramref name="transitionPrior"/> for each history's last item when given. Puts the model in eval mode.
/// </summary>
public sealed class ModelScorer(InterestModel model, string name = "interest-lstm", TransitionPrior? transitionPrior = null) : IItemScorer
{
    public string Name { get; } = name;

    public Tensor Score(IReadOnlyList<int[]> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int longest = histories.Max(history => history.Length);
        if (histories.Any(history => history.Length == 0)) throw new ArgumentException("Every history needs at least one item.", nameof(histories));

        var items = new long[histories.Count * longest];
        var lengths = new long[histories.Count];
        for (int row = 0; row < histories.Count; row++)
        {
            var history = histories[row];
            lengths[row] = history.Length;
            for (int t = 0; t < history.Length; t++) items[row * longest + t] = history[t];
        }
        var itemTensor = tensor(items, [histories.Count, longest], device: model.Device);
        using var click = ((long)ClickEventType.Click).ToScalar(); // held: see TorchScalars in src/Inference
        var types = full_like(itemTensor, click);
        using var run = model.RunSequence(itemTensor, types, tensor(lengths));
        var scores = model.Score(run.Final.Hidden, run.Final.LongTerm);
        transitionPrior?.AddTo(scores, histories.Select(history => history[^1]).ToArray());
        return scores.MoveToOuterDisposeScope();
    }
}
