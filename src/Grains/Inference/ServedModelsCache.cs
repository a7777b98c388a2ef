using Interest.Abstractions;

namespace Interest.Grains.Inference;

/// <summary>
/// The served versions as last fetched: a caller gets the kept value while it is younger than the refresh interval,
/// and all callers share one fetch when it is older, so that user grains do not each ask an inference silo.
/// </summary>
public sealed class ServedModelsCache(Func<Task<ServedModels>> fetch, TimeSpan refreshInterval, TimeProvider time)
{
    private readonly Lock _lock = new();
    private ServedModels? _value;
    private long _fetchedAt;
    private Task<ServedModels>? _fetching;

    public ValueTask<ServedModels> GetAsync(bool refresh = false)
    {
        Task<ServedModels> fetching;
        lock (_lock)
        {
            if (!refresh && _value is { } value && time.GetElapsedTime(_fetchedAt) < refreshInterval)
            {
                return ValueTask.FromResult(value);
            }
            fetching = _fetching ??= FetchAsync();
        }
        return new ValueTask<ServedModels>(fetching);
    }

    private async Task<ServedModels> FetchAsync()
    {
        try
        {
            var value = await fetch().ConfigureAwait(false);
            lock (_lock)
            {
                _value = value;
                _fetchedAt = time.GetTimestamp();
            }
            return value;
        }
        finally
        {
            lock (_lock) _fetching = null;
        }
    }
}
