namespace Interest.Abstractions;

/// <summary>
/// The served versions as last fetched: a caller gets the kept value while it is younger than the refresh interval,
/// and all callers share one fetch when it is older, so that user grains or web requests do not each ask an inference
/// silo. A failed fetch answers with the last value known (fetched again on the next call), or fails when there is none.
/// </summary>
public sealed class ServedModelsCache(Func<Task<ServedModels>> fetch, TimeSpan refreshInterval, TimeProvider time)
{
    private readonly Lock _lock = new();
    private ServedModels? _value;
    private long _fetchedAt;
    private Task<ServedModels>? _fetching;

    /// <param name="refresh">Fetch now even if the kept value is young (after a version went out of service).</param>
    public ValueTask<ServedModels> GetAsync(bool refresh = false)
    {
        Task<ServedModels> fetching;
        lock (_lock)
        {
            if (!refresh && _value is { } value && time.GetElapsedTime(_fetchedAt) < refreshInterval)
            {
                return ValueTask.FromResult(value);
            }
            fetching = _fetching ??= FetchAsync(_value);
        }
        return new ValueTask<ServedModels>(fetching);
    }

    private async Task<ServedModels> FetchAsync(ServedModels? kept)
    {
        // Yield first, so that _fetching is set before a synchronous fetch completes and clears it.
        await Task.Yield();
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
        catch when (kept is not null)
        {
            return kept;
        }
        finally
        {
            lock (_lock) _fetching = null;
        }
    }
}
