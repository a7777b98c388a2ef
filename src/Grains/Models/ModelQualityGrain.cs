using Interest.Abstractions;
using Interest.Grains.Users;

namespace Interest.Grains.Models;

/// <summary>Keeps one model version's online quality totals, durably where user state is durable.</summary>
public sealed class ModelQualityGrain(
    [PersistentState("online-quality", UserGrain.StorageName)] IPersistentState<ModelQualityState> state) : Grain, IModelQualityGrain
{
    public async Task Add(OnlineQualityTotals measured)
    {
        state.State.Totals = state.State.Totals.Plus(measured);
        await state.WriteStateAsync();
    }

    public Task<OnlineQualityTotals> Get() => Task.FromResult(state.State.Totals);
}

[GenerateSerializer, Alias("interest.ModelQualityState")]
public sealed class ModelQualityState
{
    [Id(0)] public OnlineQualityTotals Totals { get; set; } = OnlineQualityTotals.None;
}
