using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// The served scores' item-transition term: <c>weight · ln(1 + count(previous → j))</c> added to the model's logit of
/// every item <c>j</c> that followed the user's newest item in training. The LSTM learns transitions only through
/// E-dimensional embeddings; the counts keep the exact, sparse pairs that full ranking rewards (docs/MODEL.md). The
/// trainer picks the weight on the validation targets.
/// </summary>
public sealed class TransitionPrior
{
    /// <summary>weight · ln(1 + count), aligned with <see cref="ItemTransitions.Next"/>.</summary>
    private readonly float[] _terms;

    public TransitionPrior(ItemTransitions transitions, double weight)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        if (!(weight > 0) || double.IsInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight of the transition term must be positive and finite.");
        }
        _terms = transitions.Counts.Select(count => (float)(weight * Math.Log(1 + count))).ToArray();
        Transitions = transitions;
        Weight = weight;
    }

    public ItemTransitions Transitions { get; }

    public double Weight { get; }

    public int ItemCount => Transitions.ItemCount;

    /// <summary>The prior a model file carries, or null when it has none.</summary>
    public static TransitionPrior? From(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Transitions is { } transitions && metadata.TransitionWeight > 0
            ? new TransitionPrior(transitions, metadata.TransitionWeight)
            : null;
    }

    /// <summary>
    /// Adds the term to each row of <paramref name="scores"/> (<c>[rows, ItemCount + 1]</c>, float32, any device) for
    /// the row's newest item in <paramref name="newestItems"/> (0: the row has none and gets nothing).
    /// </summary>
    public void AddTo(Tensor scores, ReadOnlySpan<int> newestItems)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.shape.Length != 2 || scores.shape[0] != newestItems.Length || scores.shape[1] != ItemCount + 1 || scores.dtype != ScalarType.Float32)
        {
            throw new ArgumentException(
                $"Expected float32 scores of shape [{newestItems.Length}, {ItemCount + 1}], got {scores.dtype} [{string.Join(", ", scores.shape)}].", nameof(scores));
        }
        foreach (int item in newestItems)
        {
            if (item < 0 || item > ItemCount) throw new ArgumentOutOfRangeException(nameof(newestItems), item, $"Item {item} is outside the catalogue of {ItemCount} items.");
        }
        int columns = ItemCount + 1;
        var (offsets, next) = (Transitions.Offsets, Transitions.Next);
        if (scores.device.type == TorchSharp.DeviceType.CPU && scores.is_contiguous())
        {
            var values = MemoryMarshal.Cast<byte, float>(scores.bytes);
            for (int row = 0; row < newestItems.Length; row++)
            {
                int item = newestItems[row];
                if (item == 0) continue;
                var rowValues = values.Slice(row * columns, columns);
                for (int at = offsets[item]; at < offsets[item + 1]; at++) rowValues[next[at]] += _terms[at];
            }
            return;
        }

        var rows = new List<long>();
        var items = new List<long>();
        var added = new List<float>();
        for (int row = 0; row < newestItems.Length; row++)
        {
            int item = newestItems[row];
            if (item == 0) continue;
            for (int at = offsets[item]; at < offsets[item + 1]; at++)
            {
                rows.Add(row);
                items.Add(next[at]);
                added.Add(_terms[at]);
            }
        }
        if (rows.Count == 0) return;
        using var scope = NewDisposeScope();
        var rowIndex = tensor(rows.ToArray(), device: scores.device);
        var itemIndex = tensor(items.ToArray(), device: scores.device);
        var current = scores.index(rowIndex, itemIndex);
        scores.index_put_(current.add(tensor(added.ToArray(), device: scores.device), TorchScalars.One), rowIndex, itemIndex);
    }
}
