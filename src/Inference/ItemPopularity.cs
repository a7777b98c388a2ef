using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>How often each item appeared in requests since start, with the model file's popularity to break ties.</summary>
internal sealed class ItemPopularity(int itemCount, IReadOnlyList<double>? prior)
{
    private readonly long[] _seen = new long[itemCount + 1];

    public void Record(int[] itemIds)
    {
        foreach (int itemId in itemIds) Interlocked.Increment(ref _seen[itemId]);
    }

    /// <summary>Score = times seen; only items seen or popular in the model file are returned.</summary>
    public ScoredItem[] Top(int k)
    {
        // A min-heap of the best k so far: the root is the weakest, replaced when something better comes.
        var best = new PriorityQueue<int, (long Seen, double Prior, int NegatedId)>(k + 1);
        for (int itemId = 1; itemId <= itemCount; itemId++)
        {
            long count = Volatile.Read(ref _seen[itemId]);
            double priorPopularity = prior is null ? 0 : prior[itemId];
            if (count == 0 && !(priorPopularity > 0)) continue;
            best.Enqueue(itemId, (count, priorPopularity, -itemId));
            if (best.Count > k) best.Dequeue();
        }

        var ranked = new ScoredItem[best.Count];
        for (int i = ranked.Length - 1; i >= 0; i--)
        {
            int itemId = best.Dequeue();
            ranked[i] = new ScoredItem(itemId, Volatile.Read(ref _seen[itemId]));
        }
        return ranked;
    }
}
