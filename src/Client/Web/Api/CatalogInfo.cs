using Interest.Abstractions;

namespace Interest.Web.Api;

/// <summary>
/// The largest catalogue among the model versions the cluster serves (<see cref="ServedModels.LargestItemCount"/>),
/// kept for <see cref="KeptFor"/> so that a new model's catalogue applies within seconds without a restart, while a
/// burst of requests asks the cluster once. Events go to Kafka, not to the cluster, so a cluster that does not answer
/// for a moment leaves the last size known in force.
/// </summary>
public sealed class CatalogInfo
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(5);

    private readonly ServedModelsCache _served;

    public CatalogInfo(IGrainFactory grains, TimeProvider time)
        : this(() => grains.GetGrain<IInferenceGrain>(0).GetServedModels(), time, KeptFor)
    {
    }

    /// <param name="fetch">Asks the cluster for the served models.</param>
    public CatalogInfo(Func<Task<ServedModels>> fetch, TimeProvider time, TimeSpan keptFor)
    {
        _served = new ServedModelsCache(fetch, keptFor, time);
    }

    /// <summary>Valid item ids are 1..this.</summary>
    public async Task<int> GetItemCountAsync() => (await _served.GetAsync()).LargestItemCount;
}
