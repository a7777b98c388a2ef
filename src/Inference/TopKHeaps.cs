using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>
/// One running top-K per row: a min-heap of the K best scores so far (the weakest at the root), fed by a SIMD scan that
/// only looks closer at scores above both the K-th best so far and the row's lower bound. Equal scores keep the lower
/// item id; −∞ and NaN are never taken.
/// </summary>
internal sealed class TopKHeaps(int rows, int k)
{
    private readonly float[] scores = new float[rows * k];
    private readonly int[] items = new int[rows * k];
    private readonly int[] counts = new int[rows];

    /// <summary>Offers row <paramref name="row"/>'s scores (index = item id); none below <paramref name="bound"/> can be among its best.</summary>
    public void Scan(int row, ReadOnlySpan<float> values, float bound)
    {
        // Scores must beat the bar: just under the bound until the heap is full, then the K-th best so far.
        float floor = float.IsNegativeInfinity(bound) ? bound : MathF.BitDecrement(bound);
        float bar = floor;
        int i = 0;
        ref float start = ref MemoryMarshal.GetReference(values);
        if (Vector256.IsHardwareAccelerated)
        {
            var bars = Vector256.Create(bar);
            for (int last = values.Length - Vector256<float>.Count; i <= last; i += Vector256<float>.Count)
            {
                uint better = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)i), bars).ExtractMostSignificantBits();
                if (better == 0) continue;
                do
                {
                    int item = i + BitOperations.TrailingZeroCount(better);
                    better &= better - 1;
                    float score = Unsafe.Add(ref start, item);
                    if (score > bar) bar = Offer(row, score, item, floor);
                }
                while (better != 0);
                bars = Vector256.Create(bar);
            }
        }
        for (; i < values.Length; i++)
        {
            float score = values[i];
            if (score > bar) bar = Offer(row, score, i, floor);
        }
    }

    /// <summary>Every row's items, best first.</summary>
    public ScoredItem[][] Ranked()
    {
        var ranked = new ScoredItem[rows][];
        for (int row = 0; row < rows; row++)
        {
            var best = new ScoredItem[counts[row]];
            for (int i = 0; i < best.Length; i++) best[i] = new ScoredItem(items[row * k + i], scores[row * k + i]);
            Array.Sort(best, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.ItemId.CompareTo(b.ItemId));
            ranked[row] = best;
        }
        return ranked;
    }

    /// <summary>Adds the item to the row's heap; returns the score the next one must beat.</summary>
    private float Offer(int row, float score, int item, float floor)
    {
        int @base = row * k;
        int count = counts[row];
        if (count < k)
        {
            int at = count;
            while (at > 0)
            {
                int parent = (at - 1) >> 1;
                if (scores[@base + parent] <= score) break;
                scores[@base + at] = scores[@base + parent];
                items[@base + at] = items[@base + parent];
                at = parent;
            }
            scores[@base + at] = score;
            items[@base + at] = item;
            counts[row] = ++count;
            return count == k ? Math.Max(scores[@base], floor) : floor;
        }
        int node = 0;
        while (true)
        {
            int child = 2 * node + 1;
            if (child >= k) break;
            if (child + 1 < k && scores[@base + child + 1] < scores[@base + child]) child++;
            if (scores[@base + child] >= score) break;
            scores[@base + node] = scores[@base + child];
            items[@base + node] = items[@base + child];
            node = child;
        }
        scores[@base + node] = score;
        items[@base + node] = item;
        return scores[@base];
    }
}
