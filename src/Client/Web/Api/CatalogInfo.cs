using Interest.Abstractions;

namespace Interest.Web.Api;

/// <summary>
/// The largest catalogue among the model versions the cluster serves (<see cref="ServedModels.LargestItemCount"/>),
/// kept for <see cref="KeptFor"/> so that a new model's catalogue applies within seconds without a restart, while a
/// burst of requests asks the cluster once. Concurrent callers share one question.
/// </summary>
public sealed class CatalogInfo
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(5);

    private readonly Func<Task<ServedModels>> _fetch;
    private readonly TimeProvider _time;
    private readonly TimeSpan _keptFor;
    private readonly Lock _lock = new();
    private int _itemCount;
    private long _fetchedAt;
    private TaskCompletionSource<int>? _fetching;

    public CatalogInfo(IGrainFactory grains, TimeProvider time)
        : this(() => grains.GetGrain<IInferenceGrain>(0).GetServedModels(), time, KeptFor)
    {
    }

    /// <param name="fetch">Asks the cluster for the served models.</param>
    public CatalogInfo(Func<Task<ServedModels>> fetch, TimeProvider time, TimeSpan keptFor)
    {
        _fetch = fetch;
        _time = time;
        _keptFor = keptFor;
    }

    /// <summary>Valid item ids are 1..this.</summary>
    public Task<int> GetItemCountAsync()
    {
        TaskCompletionSource<int> fetching;
        int kept;
        lock (_lock)
        {
            if (_itemCount > 0 && _time.GetElapsedTime(_fetchedAt) < _keptFor) return Task.FromResult(_itemCount);
            if (_fetching is { } pending) return pending.Task;
            fetching = _fetching = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            kept = _itemCount;
        }
        _ = FetchAsync(fetching, kept);
        return fetching.Task;
    }

    private async Task FetchAsync(TaskCompletionSource<int> fetching, int kept)
    {
        try
        {
            int itemCount = (await _fetch().ConfigureAwait(false)).LargestItemCount;
            lock (_lock)
            {
                _itemCount = itemCount;
                _fetchedAt = _time.GetTimestamp();
                _fetching = null;
            }
            fetching.SetResult(itemCount);
        }
        catch (Exception e)
        {
            lock (_lock) _fetching = null;
            // Events go to Kafka, not to the cluster: a cluster that does not answer for a moment should not stop the
            // web tier taking them, so the last size known serves until a later request asks again.
            if (kept > 0) fetching.SetResult(kept);
            else fetching.SetException(e);
        }
    }
}
