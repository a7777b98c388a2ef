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
    private ScoredItem[] _items = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public async Task<ScoredItem[]> GetAsync(int k)
    {
        if (clock.GetUtcNow() - _fetchedAt > FreshFor && await _refresh.WaitAsync(0))
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
                _fetchedAt = clock.GetUtcNow();
                _refresh.Release();
            }
        }
        return _items.Take(k).ToArray();
    }
}
