using Interest.Abstractions;
using Interest.Streaming.Consuming;

namespace Interest.Silo.Ingestion;

/// <summary>
/// Hands a poll batch to the user grains: one call per user carrying that user's events in order, all users at once.
/// Returns when every grain has stored its new state, so the consumer may then store the offsets, with the events the
/// grains' model refused.
/// </summary>
public sealed class GrainClickEventSink(IGrainFactory grains) : IClickEventSink
{
    public async Task<IReadOnlyList<RejectedEvent>> DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken)
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
        var results = await Task.WhenAll(perUser.Select(user => grains.GetGrain<IUserGrain>(user.Key).ApplyEvents([.. user.Value])));
        return [.. results.SelectMany(result => result.Rejected ?? [])];
    }
}
