using Interest.Abstractions;
using Microsoft.Extensions.Logging;

namespace Interest.Grains.Users;

/// <summary>
/// What new users are shown: the inference silo's most popular items, kept per silo and refreshed at most every
/// few seconds, so that lookups still answer (from the last list) while no inference silo is reachable.
/// </summary>
public sealed class PopularItemsCache(IGrainFactory grains, TimeProvider clock, ILogger<PopularItemsCache> logger)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile ScoredItem[] _items = [];
    private long _fetchedAtTicks = DateTimeOffset.MinValue.UtcTicks;

    public async Task<ScoredItem[]> GetAsync(int k)
    {
        if (IsStale)
        {
            // Once a list is held, callers that find a refresh under way answer from it; before the first list has
            // arrived they wait for that refresh (one grain call, bounded by its response timeout) instead of answering
            // with nothing.
            bool entered = await _refresh.WaitAsync(_items.Length == 0 ? Timeout.Infinite : 0);
            if (entered)
            {
                try
                {
                    if (IsStale) await RefreshAsync();
                }
                finally
                {
                    _refresh.Release();
                }
            }
        }
        return _items.Take(k).ToArray();
    }

    private bool IsStale => clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _fetchedAtTicks) > FreshFor.Ticks;

    private async Task RefreshAsync()
    {
        try
        {
            _items = await grains.GetGrain<IInferenceGrain>(0).PopularItems(InterestLimits.MaxTopK);
        }
        catch (Exception e)
        {
            logger.LogWarning("Popular items could not be refreshed ({Error}); serving the last list of {Count}", e.Message, _items.Length);
        }
        finally
        {
            Interlocked.Exchange(ref _fetchedAtTicks, clock.GetUtcNow().UtcTicks);
        }
    }
}
