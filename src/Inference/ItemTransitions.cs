namespace Interest.Inference;

/// <summary>
/// First-order item transitions counted in training sequences: how often item <c>j</c> directly followed item <c>i</c>,
/// as compressed rows (the followers of item <c>i</c> are <c>Next[Offsets[i]..Offsets[i + 1]]</c>, ascending, with
/// their <c>Counts</c>). Stored in the model file's metadata; <see cref="TransitionPrior"/> turns them into a score term.
/// </summary>
public sealed record ItemTransitions
{
    /// <summary>Length ItemCount + 2: row i spans <c>[Offsets[i], Offsets[i + 1])</c>; row 0 (padding) is empty.</summary>
    public required int[] Offsets { get; init; }

    public required int[] Next { get; init; }

    public required int[] Counts { get; init; }

    public int ItemCount => Offsets.Length - 2;

    public int PairCount => Next.Length;

    /// <summary>Counts every adjacent pair of every sequence (item ids 1..<paramref name="itemCount"/>).</summary>
    public static ItemTransitions Count(IEnumerable<int[]> sequences, int itemCount)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        var rows = new Dictionary<int, int>?[itemCount + 1];
        foreach (var sequence in sequences)
        {
            for (int i = 1; i < sequence.Length; i++)
            {
                int from = sequence[i - 1];
                int to = sequence[i];
                if (from is < 1 || from > itemCount || to is < 1 || to > itemCount)
                {
                    throw new ArgumentException($"Transition {from} → {to} is outside the catalogue of {itemCount} items.", nameof(sequences));
                }
                var row = rows[from] ??= [];
                row[to] = row.GetValueOrDefault(to) + 1;
            }
        }

        var offsets = new int[itemCount + 2];
        for (int item = 1; item <= itemCount; item++) offsets[item + 1] = offsets[item] + (rows[item]?.Count ?? 0);
        var next = new int[offsets[^1]];
        var counts = new int[next.Length];
        for (int item = 1; item <= itemCount; item++)
        {
            if (rows[item] is not { } row) continue;
            int at = offsets[item];
            foreach (var (to, count) in row.OrderBy(pair => pair.Key))
            {
                next[at] = to;
                counts[at++] = count;
            }
        }
        return new ItemTransitions { Offsets = offsets, Next = next, Counts = counts };
    }

    /// <summary>How often <paramref name="to"/> followed <paramref name="from"/>.</summary>
    public int CountOf(int from, int to)
    {
        if (from < 1 || from > ItemCount) return 0;
        int at = Array.BinarySearch(Next, Offsets[from], Offsets[from + 1] - Offsets[from], to);
        return at >= 0 ? Counts[at] : 0;
    }

    /// <summary>Why these arrays are not a table over <paramref name="itemCount"/> items, or null when they are.</summary>
    public string? Problem(int itemCount)
    {
        if (Offsets is null || Next is null || Counts is null) return "an array is missing";
        if (Offsets.Length != itemCount + 2) return $"{Offsets.Length} row offsets for {itemCount} items (expected {itemCount + 2})";
        if (Next.Length != Counts.Length) return $"{Next.Length} followers but {Counts.Length} counts";
        if (Offsets[0] != 0 || Offsets[1] != 0 || Offsets[^1] != Next.Length) return "the row offsets do not span the followers";
        for (int item = 1; item <= itemCount; item++)
        {
            if (Offsets[item + 1] < Offsets[item]) return $"the row offsets decrease at item {item}";
            for (int at = Offsets[item]; at < Offsets[item + 1]; at++)
            {
                if (Next[at] < 1 || Next[at] > itemCount) return $"item {item} is followed by item {Next[at]}, outside the catalogue";
                if (at > Offsets[item] && Next[at] <= Next[at - 1]) return $"the followers of item {item} are not in ascending order";
                if (Counts[at] < 1) return $"the count of {item} → {Next[at]} is {Counts[at]}";
            }
        }
        return null;
    }
}
