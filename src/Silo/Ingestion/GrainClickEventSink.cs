using Interest.Abstractions;
using Interest.Streaming.Consuming;

namespace Interest.Silo.Ingestion;

/// <summary>
/// Hands a poll batch to the user grains: one call per user carrying that user's events in order, all users at once.
/// Returns when every grain has stored its new state, so the consumer may then store the offsets.
/// </summary>
public sealed class GrainClickEventSink(IGrainFactory grains) : IClickEventSink
{
    public Task DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken)
    {
        var perUser = new Dictionary<string, List<DeliveredEvent>>();
        foreach (var delivered in events)
        {
            if (!perUser.TryGetValue(delivered.Event.UserId, out var list))
            {
                perUser[delivered.Event.UserId] = list = [];
            }
            list.Add(delivered);
        }
        return Task.WhenAll(perUser.Select(user => grains.GetGrain<IUserGrain>(user.Key).ApplyEvents([.. user.Value])));
    }
}
