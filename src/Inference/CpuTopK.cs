using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Interest.Abstractions;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// Top-K of each row of a CPU score block, read in place (no copy into .NET). Where torch.topk copies every row into
/// (score, index) pairs and heap-sorts them, this bounds the answer
/// first (the K-th largest of 64 slice maxima: K distinct scores are at least that high) and then scans the row with
/// SIMD compares, heaping only the few scores above the bound (docs/BENCHMARKS.md). Same result as torch.topk: the best
/// K finite scores, best first, equal scores by item id; −∞ (masked) and NaN are never returned.
/// </summary>
internal static class CpuTopK
{
    private const int BoundSlices = 64;

    /// <summary>Ranks each row of <paramref name="scores"/> (<c>[rows, ItemCount + 1]</c>, float32) into <paramref name="ranked"/>[<paramref name="firstRow"/> + row].</summary>
    public static void Rows(Tensor scores, int k, ScoredItem[][] ranked, int firstRow)
    {
        int rows = (int)scores.shape[0];
        int columns = (int)scores.shape[1];
        var contiguous = scores.is_contiguous() ? scores : scores.contiguous();
        ReadOnlySpan<float> all = MemoryMarshal.Cast<byte, float>(contiguous.bytes);
        int kept = Math.Min(k, columns);
        var heaps = new TopKHeaps(rows, kept);
        var maxima = new float[BoundSlices];
        for (int row = 0; row < rows; row++)
        {
            var values = all.Slice(row * columns, columns);
            heaps.Scan(row, values, LowerBound(values, kept, maxima));
        }
        heaps.Ranked().CopyTo(ranked, firstRow);
    }

    /// <summary>A score every top-<paramref name="k"/> score reaches, or −∞ when none can be had cheaply.</summary>
    private static float LowerBound(ReadOnlySpan<float> values, int k, float[] maxima)
    {
        int slice = values.Length / maxima.Length;
        if (k > maxima.Length || slice < 2 * Vector256<float>.Count || !Vector256.IsHardwareAccelerated) return float.NegativeInfinity;
        for (int s = 0; s < maxima.Length; s++)
        {
            var part = s == maxima.Length - 1 ? values[(s * slice)..] : values.Slice(s * slice, slice);
            float max = Max(part);
            if (float.IsNaN(max)) return float.NegativeInfinity;
            maxima[s] = max;
        }
        Array.Sort(maxima);
        return maxima[^k];
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        ref float start = ref MemoryMarshal.GetReference(values);
        var best = Vector256.Create(float.NegativeInfinity);
        int i = 0;
        for (int last = values.Length - Vector256<float>.Count; i <= last; i += Vector256<float>.Count)
        {
            best = Vector256.Max(best, Vector256.LoadUnsafe(ref start, (nuint)i));
        }
        float max = float.NegativeInfinity;
        for (int lane = 0; lane < Vector256<float>.Count; lane++) max = MathF.Max(max, best[lane]);
        for (; i < values.Length; i++) max = MathF.Max(max, values[i]);
        return max;
    }
}
