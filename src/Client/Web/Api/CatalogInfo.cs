using Interest.Abstractions;

namespace Interest.Web.Api;

/// <summary>The catalogue size of the model the cluster serves, asked once and kept.</summary>
public sealed class CatalogInfo(IGrainFactory grains)
{
    private Task<ModelDescription>? _description;

    public async Task<int> GetItemCountAsync()
    {
        var pending = _description ??= grains.GetGrain<IInferenceGrain>(0).Describe();
        try
        {
            return (await pending).ItemCount;
        }
        catch
        {
            _description = null;
            throw;
        }
    }
}
