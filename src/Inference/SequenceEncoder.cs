using Interest.Abstractions;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// Runs one user's whole event history through <see cref="InterestModel.RunSequence"/> at once: the reference the
/// event-at-a-time serving path (<see cref="IInferenceEngine.InferAsync"/>) must agree with.
/// </summary>
public static class SequenceEncoder
{
    /// <summary>
    /// The state after <paramref name="itemIds"/>/<paramref name="eventTypes"/> starting from a new user, the raw scores,
    /// and the top <paramref name="topK"/> items with padding, the sequence's items and <paramref name="excludeItemIds"/> masked
    /// (the same masking as an <see cref="InferenceRequest"/> carrying all these events), with <paramref name="transitionPrior"/>'s
    /// term for the newest item added to the scores when given. Not thread-safe for one model.
    /// </summary>
    /// <exception cref="ArgumentException">An id, event type or topK the model cannot take.</exception>
    public static EncodedSequence Encode(InterestModel model, int[] itemIds, ClickEventType[] eventTypes, int[] excludeItemIds, int topK,
        TransitionPrior? transitionPrior = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        InferenceRequestValidator.ValidateEvents(itemIds, eventTypes, model.ItemCount);
        InferenceRequestValidator.ValidateItemIds(excludeItemIds, nameof(excludeItemIds), model.ItemCount);
        InferenceRequestValidator.ValidateTopK(topK);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        InterestState final;
        if (itemIds.Length == 0)
        {
            final = model.InitialState(1);
        }
        else
        {
            var items = tensor(itemIds.Select(id => (long)id).ToArray(), [1, itemIds.Length], device: model.Device);
            var types = tensor(eventTypes.Select(type => (long)type).ToArray(), [1, eventTypes.Length], device: model.Device);
            var run = model.RunSequence(items, types);
            final = run.Final;
        }

        var scores = model.Score(final.Hidden, final.LongTerm);
        transitionPrior?.AddTo(scores, [itemIds.Length > 0 ? itemIds[^1] : 0]);
        float[] rawScores = scores.cpu().data<float>().ToArray();
        var masked = itemIds.Concat(excludeItemIds).Select(id => (long)id).ToArray();
        ItemRanking.Mask(scores, new long[masked.Length], masked);
        var top = ItemRanking.Top(scores, topK)[0];

        return new EncodedSequence(
            ToArray(final.Hidden), ToArray(final.Cell), ToArray(final.LongTerm), rawScores, top);
    }

    private static float[] ToArray(Tensor tensor) => tensor.cpu().data<float>().ToArray();
}
