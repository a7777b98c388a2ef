using Interest.Abstractions;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>Turns score rows over all item ids into ranked items.</summary>
internal static class ItemRanking
{
    /// <summary>
    /// The <paramref name="k"/> highest-scoring items of each row of <paramref name="scores"/> (<c>[B, ItemCount + 1]</c>),
    /// best first. Entries set to −∞ (masked) are never returned, so a row can yield fewer than k items.
    /// </summary>
    public static ScoredItem[][] Top(Tensor scores, int k)
    {
        long rows = scores.shape[0];
        int available = (int)Math.Min(k, scores.shape[1]);
        using var scope = NewDisposeScope();
        var (values, indices) = scores.topk(available, dim: 1, largest: true, sorted: true);
        float[] topValues = values.cpu().data<float>().ToArray();
        long[] topIndices = indices.cpu().data<long>().ToArray();

        var ranked = new ScoredItem[rows][];
        for (int row = 0; row < rows; row++)
        {
            var items = new List<ScoredItem>(available);
            for (int i = 0; i < available; i++)
            {
                float value = topValues[row * available + i];
                if (float.IsNegativeInfinity(value) || float.IsNaN(value)) break;
                items.Add(new ScoredItem((int)topIndices[row * available + i], value));
            }
            ranked[row] = [.. items];
        }
        return ranked;
    }

    /// <summary>Sets the padding column and each (row, item) pair to −∞ so that ranking skips them.</summary>
    public static void Mask(Tensor scores, long[] rows, long[] items)
    {
        using var scope = NewDisposeScope();
        scores.select(1, InterestModel.PaddingItem).fill_(TorchScalars.NegativeInfinity);
        if (rows.Length == 0) return;
        var rowIndex = tensor(rows, dtype: ScalarType.Int64, device: scores.device);
        var itemIndex = tensor(items, dtype: ScalarType.Int64, device: scores.device);
        scores.index_put_(TorchScalars.NegativeInfinity, rowIndex, itemIndex);
    }

    /// <summary>True when every value is zero: a state that has not learned anything ranks nothing.</summary>
    public static bool IsAllZero(float[] vector) => Array.TrueForAll(vector, value => value == 0f);
}
