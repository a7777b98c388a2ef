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
    private readonly float[] _scores = new float[rows * k];
    private readonly int[] _items = new int[rows * k];
    private readonly int[] _counts = new int[rows];

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
            var best = new ScoredItem[_counts[row]];
            for (int i = 0; i < best.Length; i++) best[i] = new ScoredItem(_items[row * k + i], _scores[row * k + i]);
            Array.Sort(best, static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.ItemId.CompareTo(b.ItemId));
            ranked[row] = best;
        }
        return ranked;
    }

    /// <summary>Adds the item to the row's heap; returns the score the next one must beat.</summary>
    private float Offer(int row, float score, int item, float floor)
    {
        int @base = row * k;
        int count = _counts[row];
        if (count < k)
        {
            int at = count;
            while (at > 0)
            {
                int parent = (at - 1) >> 1;
                if (_scores[@base + parent] <= score) break;
                _scores[@base + at] = _scores[@base + parent];
                _items[@base + at] = _items[@base + parent];
                at = parent;
            }
            _scores[@base + at] = score;
            _items[@base + at] = item;
            _counts[row] = ++count;
            return count == k ? Math.Max(_scores[@base], floor) : floor;
        }
        int node = 0;
        while (true)
        {
            int child = 2 * node + 1;
            if (child >= k) break;
            if (child + 1 < k && _scores[@base + child + 1] < _scores[@base + child]) child++;
            if (_scores[@base + child] >= score) break;
            _scores[@base + node] = _scores[@base + child];
            _items[@base + node] = _items[@base + child];
            node = child;
        }
        _scores[@base + node] = score;
        _items[@base + node] = item;
        return _scores[@base];
    }
}
