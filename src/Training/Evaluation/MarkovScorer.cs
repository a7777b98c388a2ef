using Interest.Inference;
using static TorchSharp.torch;

namespace Interest.Training.Evaluation;

/// <summary>
/// First-order Markov baseline: score = how often the history's last item was followed by the candidate in the training
/// sequences, plus the candidate's popularity scaled into [0, 1) so that popularity breaks ties and ranks
/// the items never seen after it.
/// </summary>
public sealed class MarkovScorer : IItemScorer
{
    private readonly ItemTransitions _transitions;
    private readonly double[] _popularityTieBreak;

    /// <param name="popularity">Indexed by item id (length ItemCount + 1), as the split counts it.</param>
    public MarkovScorer(IEnumerable<int[]> trainingSequences, double[] popularity)
    {
        ArgumentNullException.ThrowIfNull(trainingSequences);
        ArgumentNullException.ThrowIfNull(popularity);
        _transitions = ItemTransitions.Count(trainingSequences, popularity.Length - 1);
        double scale = popularity.DefaultIfEmpty(0).Max() + 1;
        _popularityTieBreak = popularity.Select(count => count / scale).ToArray();
    }

    public string Name => "markov";

    /// <summary>How often <paramref name="to"/> followed <paramref name="from"/> in training.</summary>
    public int TransitionCount(int from, int to) => _transitions.CountOf(from, to);

    public Tensor Score(IReadOnlyList<int[]> histories)
    {
        int width = _popularityTieBreak.Length;
        var scores = new double[histories.Count * width];
        for (int row = 0; row < histories.Count; row++)
        {
            _popularityTieBreak.CopyTo(scores, row * width);
            int last = histories[row][^1];
            if (last < 1 || last > _transitions.ItemCount) continue;
            for (int at = _transitions.Offsets[last]; at < _transitions.Offsets[last + 1]; at++)
            {
                scores[row * width + _transitions.Next[at]] += _transitions.Counts[at];
            }
        }
        return tensor(scores, [histories.Count, width]);
    }
}
