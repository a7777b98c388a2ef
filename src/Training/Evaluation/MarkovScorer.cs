using static TorchSharp.torch;

namespace Interest.Training.Evaluation;

/// <summary>
/// First-order Markov baseline: score = how often the history's last item was followed by the candidate in the training
/// sequences, plus the candidate's popularity scaled into [0, 1) so that popularity breaks ties and ranks
/// the items never seen after it.
/// </summary>
public sealed class MarkovScorer : IItemScorer
{
    private readonly Dictionary<int, Dictionary<int, int>> transitions = [];
    private readonly double[] popularityTieBreak;

    public MarkovScorer(IEnumerable<int[]> trainingSequences, double[] popularity)
    {
        ArgumentNullException.ThrowIfNull(trainingSequences);
        ArgumentNullException.ThrowIfNull(popularity);
        foreach (var sequence in trainingSequences)
        {
            for (int i = 1; i < sequence.Length; i++)
            {
                if (!transitions.TryGetValue(sequence[i - 1], out var next)) transitions[sequence[i - 1]] = next = [];
                next[sequence[i]] = next.GetValueOrDefault(sequence[i]) + 1;
            }
        }
        double scale = popularity.DefaultIfEmpty(0).Max() + 1;
        popularityTieBreak = popularity.Select(count => count / scale).ToArray();
    }

    public string Name => "markov";

    /// <summary>How often <paramref name="to"/> followed <paramref name="from"/> in training.</summary>
    public int TransitionCount(int from, int to) =>
        transitions.TryGetValue(from, out var next) ? next.GetValueOrDefault(to) : 0;

    public Tensor Score(IReadOnlyList<int[]> histories)
    {
        int width = popularityTieBreak.Length;
        var scores = new double[histories.Count * width];
        for (int row = 0; row < histories.Count; row++)
        {
            popularityTieBreak.CopyTo(scores, row * width);
            if (transitions.TryGetValue(histories[row][^1], out var next))
            {
                foreach (var (item, count) in next) scores[row * width + item] += count;
            }
        }
        return tensor(scores, [histories.Count, width]);
    }
}
