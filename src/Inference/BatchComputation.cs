using System.Runtime.InteropServices;
using Interest.Abstractions;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// The torch work for one batch: B users' states advance through their new events together (one masked LSTM step
/// per event position), then every item is scored for every user and each user's top K are ranked, leaving out the
/// padding item, the user's new items and the request's exclusions. With a <see cref="TransitionPrior"/>, each user's
/// scores get its term for the user's newest event's item before ranking.
/// </summary>
/// <remarks>
/// The engine runs this on its batcher thread under its model lock; on its own it times the model's ceiling, with no
/// queue around it. One batch at a time, with nothing else using <c>model</c> meanwhile.
/// </remarks>
public sealed class BatchComputation(InterestModel model, string modelVersion, TransitionPrior? transitionPrior = null)
{
    /// <summary>
    /// On the CPU, users are scored and ranked this many at a time: a [64, items] score block (6 MB for the Games
    /// catalogue) is reused from the allocator and read back while warm, where one [B, items] block for a large batch
    /// is mapped fresh every time (docs/BENCHMARKS.md). A GPU takes the whole batch.
    /// </summary>
    private const int CpuScoringChunk = 64;

    /// <summary>
    /// Results in the order of <paramref name="requests"/>, which must already be validated against the model
    /// (<see cref="InferenceRequestValidator"/>).
    /// </summary>
    public InferenceResult[] Run(IReadOnlyList<InferenceRequest> requests)
    {
        int batchSize = requests.Count;
        int hiddenSize = model.HiddenSize;
        int embeddingSize = model.EmbeddingSize;
        int longestEvents = 0;
        int shortestEvents = int.MaxValue;
        int largestTopK = 1;
        foreach (var request in requests)
        {
            longestEvents = Math.Max(longestEvents, request.ItemIds.Length);
            shortestEvents = Math.Min(shortestEvents, request.ItemIds.Length);
            largestTopK = Math.Max(largestTopK, request.TopK);
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = model.Device;
        // Inputs are written straight into CPU tensors: a batch's own arrays would reach the large object heap (85 KB
        // from about 170 users) and cost a full collection every few batches. A new user sends no state: zeros.
        var hidden = zeros([batchSize, hiddenSize], float32);
        var cell = zeros([batchSize, hiddenSize], float32);
        var longTerm = zeros([batchSize, embeddingSize], float32);
        // Event tensors are position-major ([position, user]) so that each step reads one contiguous row.
        var itemsByPosition = zeros([longestEvents, batchSize], int64);
        var typesByPosition = zeros([longestEvents, batchSize], int64);
        var activeByPosition = zeros([longestEvents, batchSize], @bool);
        var masked = new int[batchSize][];
        var newestItems = new int[batchSize];
        {
            var hiddenValues = Floats(hidden);
            var cellValues = Floats(cell);
            var longTermValues = Floats(longTerm);
            var items = MemoryMarshal.Cast<byte, long>(itemsByPosition.bytes);
            var eventTypes = MemoryMarshal.Cast<byte, long>(typesByPosition.bytes);
            var active = MemoryMarshal.Cast<byte, bool>(activeByPosition.bytes);
            for (int user = 0; user < batchSize; user++)
            {
                var request = requests[user];
                request.Hidden.CopyTo(hiddenValues.Slice(user * hiddenSize, hiddenSize));
                request.Cell.CopyTo(cellValues.Slice(user * hiddenSize, hiddenSize));
                request.LongTerm.CopyTo(longTermValues.Slice(user * embeddingSize, embeddingSize));
                for (int position = 0; position < request.ItemIds.Length; position++)
                {
                    int index = position * batchSize + user;
                    items[index] = request.ItemIds[position];
                    eventTypes[index] = (long)request.EventTypes[position];
                    active[index] = true;
                }
                masked[user] = [.. request.ItemIds, .. request.ExcludeItemIds];
                newestItems[user] = request.ItemIds.Length > 0 ? request.ItemIds[^1] : 0;
            }
        }

        var state = new InterestState(hidden.to(device), cell.to(device), longTerm.to(device));
        if (device.type != TorchSharp.DeviceType.CPU)
        {
            itemsByPosition = itemsByPosition.to(device);
            typesByPosition = typesByPosition.to(device);
            activeByPosition = activeByPosition.to(device);
        }

        if (longestEvents > 0)
        {
            for (int position = 0; position < longestEvents; position++)
            {
                InterestState next;
                using (NewDisposeScope())
                {
                    // Positions every user has need no mask.
                    var stepActive = position < shortestEvents ? null : activeByPosition[position];
                    next = model.Step(state, itemsByPosition[position], typesByPosition[position], stepActive).MoveToOuterDisposeScope();
                }
                // Only the newest state is needed; freeing the older ones keeps memory flat for long event lists.
                state.Dispose();
                state = next;
            }
        }

        var topItems = device.type == TorchSharp.DeviceType.CUDA
            ? RankOnDevice(state, masked, newestItems, largestTopK)
            : RankOnCpu(state, masked, newestItems, largestTopK);

        var newHidden = Floats(state.Hidden.cpu().contiguous());
        var newCell = Floats(state.Cell.cpu().contiguous());
        var newLongTerm = Floats(state.LongTerm.cpu().contiguous());

        var results = new InferenceResult[batchSize];
        for (int user = 0; user < batchSize; user++)
        {
            var ranked = topItems[user];
            results[user] = new InferenceResult(
                newHidden.Slice(user * hiddenSize, hiddenSize).ToArray(),
                newCell.Slice(user * hiddenSize, hiddenSize).ToArray(),
                newLongTerm.Slice(user * embeddingSize, embeddingSize).ToArray(),
                ranked.Length <= requests[user].TopK ? ranked : ranked[..requests[user].TopK],
                modelVersion);
        }
        return results;
    }

    /// <summary>The values of a contiguous float32 CPU tensor, in place.</summary>
    private static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);

    /// <summary>On a GPU: one [B, items] score matrix, masked, and torch's top-K.</summary>
    private ScoredItem[][] RankOnDevice(InterestState state, int[][] masked, int[] newestItems, int k)
    {
        var (rows, itemIds) = MaskEntries(masked, 0, masked.Length);
        var scores = model.Score(state.Hidden, state.LongTerm);
        transitionPrior?.AddTo(scores, newestItems);
        ItemRanking.Mask(scores, rows, itemIds);
        return ItemRanking.Top(scores, k);
    }

    /// <summary>On the CPU: chunks of <see cref="CpuScoringChunk"/> users, masked, ranked in place by <see cref="CpuTopK"/>.</summary>
    private ScoredItem[][] RankOnCpu(InterestState state, int[][] masked, int[] newestItems, int k)
    {
        int users = masked.Length;
        var ranked = new ScoredItem[users][];
        for (int from = 0; from < users; from += CpuScoringChunk)
        {
            int count = Math.Min(CpuScoringChunk, users - from);
            using var chunkScope = NewDisposeScope();
            var scores = count == users
                ? model.Score(state.Hidden, state.LongTerm)
                : model.Score(state.Hidden.narrow(0, from, count), state.LongTerm.narrow(0, from, count));
            transitionPrior?.AddTo(scores, newestItems.AsSpan(from, count));
            var (rows, itemIds) = MaskEntries(masked, from, count);
            ItemRanking.Mask(scores, rows, itemIds);
            CpuTopK.Rows(scores, k, ranked, from);
        }
        return ranked;
    }

    /// <summary>(row within the chunk, item) pairs for users <paramref name="from"/>… to mask out.</summary>
    private static (long[] Rows, long[] Items) MaskEntries(int[][] masked, int from, int count)
    {
        int entries = 0;
        for (int user = from; user < from + count; user++) entries += masked[user].Length;
        var rows = new long[entries];
        var items = new long[entries];
        int next = 0;
        for (int user = from; user < from + count; user++)
        {
            foreach (int itemId in masked[user])
            {
                rows[next] = user - from;
                items[next++] = itemId;
            }
        }
        return (rows, items);
    }
}
