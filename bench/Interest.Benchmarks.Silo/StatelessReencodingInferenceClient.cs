using System.Collections.Concurrent;
using Interest.Abstractions;
using Interest.Grains.Inference;

namespace Interest.Benchmarks.Silo;

/// <summary>
/// What a service without per-user model state must do, for the benchmark to compare with: it keeps each user's last
/// <see cref="InterestLimits.RecentItemsKept"/> events and sends every update as a new user's request over that window
/// (no h, c or u), so that the model re-runs the LSTM over the whole window each time. The user grain's exclusions and
/// top K pass through unchanged.
/// </summary>
/// <remarks>
/// The window is the one the user grain keeps (its recent events and the new ones, oldest first): a user's updates
/// come one at a time from its grain, and a window moves on only once its update succeeded, as the grain's state does.
/// </remarks>
public sealed class StatelessReencodingInferenceClient(IInferenceClient inner) : IInferenceClient
{
    private readonly ConcurrentDictionary<string, Window> _windows = new();

    public async Task<InferenceResult> InferAsync(string userId, InferenceRequest request)
    {
        var window = (_windows.TryGetValue(userId, out var kept) ? kept : Window.Empty).Append(request.ItemIds, request.EventTypes);
        var result = await inner.InferAsync(userId, new InferenceRequest([], [], [],
            window.ItemIds, window.EventTypes, request.ExcludeItemIds, request.TopK, request.ModelVersion));
        _windows[userId] = window;
        return result;
    }

    public ValueTask<ServedModels> GetServedModelsAsync(bool refresh = false) => inner.GetServedModelsAsync(refresh);

    private sealed record Window(int[] ItemIds, ClickEventType[] EventTypes)
    {
        public static Window Empty { get; } = new([], []);

        public Window Append(int[] itemIds, ClickEventType[] eventTypes) => new(
            [.. ItemIds.Concat(itemIds).TakeLast(InterestLimits.RecentItemsKept)],
            [.. EventTypes.Concat(eventTypes).TakeLast(InterestLimits.RecentItemsKept)]);
    }
}
