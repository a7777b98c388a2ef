using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>Checks a request against the model it is meant for, so that a bad request fails alone and before it is batched.</summary>
public static class InferenceRequestValidator
{
    /// <exception cref="ArgumentException">What is wrong with the request.</exception>
    public static void Validate(InferenceRequest request, int itemCount, int embeddingSize, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateStateVector(request.Hidden, nameof(InferenceRequest.Hidden), hiddenSize);
        ValidateStateVector(request.Cell, nameof(InferenceRequest.Cell), hiddenSize);
        ValidateStateVector(request.LongTerm, nameof(InferenceRequest.LongTerm), embeddingSize);
        ValidateEvents(request.ItemIds, request.EventTypes, itemCount);
        ValidateItemIds(request.ExcludeItemIds, nameof(InferenceRequest.ExcludeItemIds), itemCount);
        ValidateTopK(request.TopK);
    }

    public static void ValidateEvents(int[]? itemIds, ClickEventType[]? eventTypes, int itemCount)
    {
        if (itemIds is null) throw new ArgumentException("ItemIds must not be null (use an empty array for no events).", nameof(itemIds));
        if (eventTypes is null) throw new ArgumentException("EventTypes must not be null (use an empty array for no events).", nameof(eventTypes));
        if (itemIds.Length != eventTypes.Length)
        {
            throw new ArgumentException(
                $"ItemIds has {itemIds.Length} entries but EventTypes has {eventTypes.Length}; there must be one event type per item.", nameof(eventTypes));
        }
        ValidateItemIds(itemIds, "ItemIds", itemCount);
        for (int i = 0; i < eventTypes.Length; i++)
        {
            if (!Enum.IsDefined(eventTypes[i]))
            {
                throw new ArgumentException(
                    $"EventTypes[{i}] is {(int)eventTypes[i]}, which is not a defined ClickEventType (0..{InterestModel.EventTypeCount - 1}).", nameof(eventTypes));
            }
        }
    }

    public static void ValidateItemIds(int[]? itemIds, string name, int itemCount)
    {
        if (itemIds is null) throw new ArgumentException($"{name} must not be null (use an empty array).", name);
        for (int i = 0; i < itemIds.Length; i++)
        {
            if (itemIds[i] < 1 || itemIds[i] > itemCount)
            {
                throw new ArgumentException($"{name}[{i}] is {itemIds[i]}; item ids run from 1 to {itemCount}.", name);
            }
        }
    }

    public static void ValidateTopK(int topK)
    {
        if (topK < 1 || topK > InterestLimits.MaxTopK)
        {
            throw new ArgumentException($"TopK is {topK}; it must be between 1 and {InterestLimits.MaxTopK}.", "TopK");
        }
    }

    /// <summary>Empty (a new user: zeros) or exactly <paramref name="size"/> finite values.</summary>
    public static void ValidateStateVector(float[]? vector, string name, int size)
    {
        if (vector is null) throw new ArgumentException($"{name} must not be null (use an empty array for a new user).", name);
        if (vector.Length != 0 && vector.Length != size)
        {
            throw new ArgumentException($"{name} has {vector.Length} values; expected {size}, or none for a new user.", name);
        }
        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i])) throw new ArgumentException($"{name}[{i}] is {vector[i]}; state values must be finite.", name);
        }
    }
}
