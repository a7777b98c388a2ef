using static TorchSharp.torch;

namespace Interest.Training.Evaluation;

/// <summary>Anything the evaluator can rank items with: a trained model or a baseline.</summary>
public interface IItemScorer
{
    string Name { get; }

    /// <summary>
    /// Scores of every item id for each history (each non-empty, oldest first): <c>[B, ItemCount + 1]</c>, column = item id,
    /// higher is better; column 0 (padding) is ignored. Any floating dtype and device.
    /// </summary>
    Tensor Score(IReadOnlyList<int[]> histories);
}
