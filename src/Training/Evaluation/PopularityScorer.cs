using static TorchSharp.torch;

namespace Interest.Training.Evaluation;

/// <summary>Most-popular baseline: every user gets the training counts as scores.</summary>
public sealed class PopularityScorer(double[] popularity) : IItemScorer
{
    private readonly double[] _popularity = popularity ?? throw new ArgumentNullException(nameof(popularity));

    public string Name => "most-popular";

    public Tensor Score(IReadOnlyList<int[]> histories)
    {
        using var row = tensor(_popularity, [1, _popularity.Length], dtype: ScalarType.Float64);
        return row.repeat(histories.Count, 1);
    }
}
