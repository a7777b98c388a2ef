using Interest.Abstractions;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// The torch work for one batch: B users' states advance through their new events together (one masked LSTM step
/// per event position), then all items are scored in one matrix product and ranked per user.
/// </summary>
internal sealed class BatchComputation(InterestModel model, string modelVersion)
{
    /// <summary>Results in the order of <paramref name="requests"/>, which must already be validated.</summary>
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

        var hidden = new float[batchSize * hiddenSize];
        var cell = new float[batchSize * hiddenSize];
        var longTerm = new float[batchSize * embeddingSize];
        // Event arrays are position-major ([position, user]) so that each step reads one contiguous row.
        var items = new long[longestEvents * batchSize];
        var eventTypes = new long[longestEvents * batchSize];
        var active = new bool[longestEvents * batchSize];
        var maskedRows = new List<long>();
        var maskedItems = new List<long>();

        for (int user = 0; user < batchSize; user++)
        {
            var request = requests[user];
            request.Hidden.CopyTo(hidden, user * hiddenSize);
            request.Cell.CopyTo(cell, user * hiddenSize);
            request.LongTerm.CopyTo(longTerm, user * embeddingSize);
            for (int position = 0; position < request.ItemIds.Length; position++)
            {
                int index = position * batchSize + user;
                items[index] = request.ItemIds[position];
                eventTypes[index] = (long)request.EventTypes[position];
                active[index] = true;
            }
            foreach (int itemId in request.ItemIds) { maskedRows.Add(user); maskedItems.Add(itemId); }
            foreach (int itemId in request.ExcludeItemIds) { maskedRows.Add(user); maskedItems.Add(itemId); }
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = model.Device;
        var state = new InterestState(
            tensor(hidden, [batchSize, hiddenSize], device: device),
            tensor(cell, [batchSize, hiddenSize], device: device),
            tensor(longTerm, [batchSize, embeddingSize], device: device));

        if (longestEvents > 0)
        {
            var itemsByPosition = tensor(items, [longestEvents, batchSize], device: device);
            var typesByPosition = tensor(eventTypes, [longestEvents, batchSize], device: device);
            var activeByPosition = tensor(active, [longestEvents, batchSize], device: device);
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

        var scores = model.Score(state.Hidden, state.LongTerm);
        ItemRanking.Mask(scores, maskedRows, maskedItems);
        var topItems = ItemRanking.Top(scores, largestTopK);

        float[] newHidden = state.Hidden.cpu().data<float>().ToArray();
        float[] newCell = state.Cell.cpu().data<float>().ToArray();
        float[] newLongTerm = state.LongTerm.cpu().data<float>().ToArray();

        var results = new InferenceResult[batchSize];
        for (int user = 0; user < batchSize; user++)
        {
            var ranked = topItems[user];
            results[user] = new InferenceResult(
                newHidden.AsSpan(user * hiddenSize, hiddenSize).ToArray(),
                newCell.AsSpan(user * hiddenSize, hiddenSize).ToArray(),
                newLongTerm.AsSpan(user * embeddingSize, embeddingSize).ToArray(),
                ranked.Length <= requests[user].TopK ? ranked : ranked[..requests[user].TopK],
                modelVersion);
        }
        return results;
    }
}
