using System.Diagnostics;
using System.Globalization;
using Interest.Abstractions;
using Interest.Streaming.Consuming;
using Interest.Streaming.Tracing;

namespace Interest.Silo.Ingestion;

/// <summary>
/// Hands a poll batch to the user grains: one call per user carrying that user's events in order, all users at once.
/// Returns when every grain has stored its new state, so the consumer may then store the offsets, with the events the
/// grains' model refused. A call whose events carry trace context runs inside a process span that continues the
/// first event's trace and links the others'.
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
        var results = await Task.WhenAll(perUser.Select(user => ApplyAsync(user.Key, user.Value)));
        return [.. results.SelectMany(result => result.Rejected ?? [])];
    }

    private Task<ApplyEventsResult> ApplyAsync(string userId, List<DeliveredEvent> events)
    {
        var grain = grains.GetGrain<IUserGrain>(userId);
        return events.Exists(e => e.TraceParent is not null) ? ApplyTracedAsync(grain, userId, events) : grain.ApplyEvents([.. events]);
    }

    // An async method of its own: the span it makes current ends with it and never becomes the caller's.
    private static async Task<ApplyEventsResult> ApplyTracedAsync(IUserGrain grain, string userId, List<DeliveredEvent> events)
    {
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var delivered in events)
        {
            if (!ActivityContext.TryParse(delivered.TraceParent, delivered.TraceState, isRemote: true, out var context)) continue;
            if (parent == default) parent = context;
            else (links ??= []).Add(new ActivityLink(context));
        }
        using var activity = ClickstreamTracing.Source.StartActivity("clickstream process", ActivityKind.Consumer, parent, links: links);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.batch.message_count", events.Count);
            activity.SetTag("messaging.destination.partition.id", events[0].Partition.ToString(CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", events[0].Offset);
            activity.SetTag("interest.user.id", userId);
        }
        try
        {
            return await grain.ApplyEvents([.. events]);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
