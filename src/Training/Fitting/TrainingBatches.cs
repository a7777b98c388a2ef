namespace Interest.Training.Fitting;

/// <summary>
/// Cuts the training sequences into batches for one epoch: a seeded shuffle of the users, then, within windows of
/// many users, sorting by length so that a batch holds sequences of similar length (little padding); each batch has at
/// most <c>positionBudget</c> padded positions; the batches come in shuffled order.
/// </summary>
public sealed class TrainingBatches
{
    private const int SortWindowBatches = 50;

    private readonly int[][] _sequences;
    private readonly int _positionBudget;

    /// <param name="sequences">Training sequences; those shorter than 2 items (no next item) are dropped.</param>
    /// <param name="maxLength">Each sequence is cut to its most recent <paramref name="maxLength"/> + 1 items.</param>
    public TrainingBatches(IEnumerable<int[]> sequences, int maxLength, int positionBudget)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(positionBudget, 1);
        _sequences = sequences.Where(sequence => sequence.Length >= 2)
            .Select(sequence => sequence.Length > maxLength + 1 ? sequence[^(maxLength + 1)..] : sequence)
            .ToArray();
        _positionBudget = positionBudget;
        Positions = _sequences.Sum(sequence => (long)sequence.Length - 1);
    }

    public int Sequences => _sequences.Length;

    /// <summary>Next-item predictions per epoch.</summary>
    public long Positions { get; }

    public IReadOnlyList<TrainingBatch> ForEpoch(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int[] order = Enumerable.Range(0, _sequences.Length).ToArray();
        random.Shuffle(order);

        var batches = new List<TrainingBatch>();
        int averageRows = Math.Max(1, _positionBudget / 8);
        int window = averageRows * SortWindowBatches;
        for (int start = 0; start < order.Length; start += window)
        {
            var sorted = order[start..Math.Min(order.Length, start + window)]
                .OrderByDescending(index => _sequences[index].Length).ThenBy(index => index).ToArray();
            int first = 0;
            while (first < sorted.Length)
            {
                int steps = _sequences[sorted[first]].Length - 1;
                int rows = Math.Clamp(_positionBudget / steps, 1, sorted.Length - first);
                batches.Add(Build(sorted.AsSpan(first, rows), steps));
                first += rows;
            }
        }
        var shuffled = batches.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }

    private TrainingBatch Build(ReadOnlySpan<int> rows, int steps)
    {
        var inputs = new long[rows.Length * steps];
        var targets = new long[rows.Length * steps];
        var lengths = new long[rows.Length];
        for (int row = 0; row < rows.Length; row++)
        {
            var sequence = _sequences[rows[row]];
            lengths[row] = sequence.Length - 1;
            for (int t = 0; t + 1 < sequence.Length; t++)
            {
                inputs[row * steps + t] = sequence[t];
                targets[row * steps + t] = sequence[t + 1];
            }
        }
        return new TrainingBatch(rows.Length, steps, inputs, targets, lengths);
    }
}
