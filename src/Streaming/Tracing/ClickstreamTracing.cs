using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace Interest.Streaming.Tracing;

/// <summary>
/// W3C trace context on clickstream messages: a producer inside a traced operation (a POST /events) opens a publish
/// span and writes its context into the message's <c>traceparent</c>/<c>tracestate</c> headers; the consumer reads
/// them back so the silo continues that trace. Untraced streams (load generators, replays) pay nothing.
/// </summary>
public static class ClickstreamTracing
{
    public const string SourceName = "Interest.Streaming";
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A publish span when the caller is traced (else null), its context written into <paramref name="message"/>'s headers.</summary>
    public static Activity? StartPublish<TKey>(Message<TKey, byte[]> message, string topic)
    {
        if (Activity.Current is null) return null;
        var activity = Source.StartActivity($"{topic} publish", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", topic);
        }
        var context = activity ?? Activity.Current;
        message.Headers ??= [];
        DistributedContextPropagator.Current.Inject(context, message.Headers, static (carrier, name, value) =>
        {
            if (carrier is Headers headers && value is not null) headers.Add(name, Encoding.ASCII.GetBytes(value));
        });
        return activity;
    }

    /// <summary>The trace context a message carries, as its header values (null when it has none).</summary>
    public static (string? TraceParent, string? TraceState) Read(Headers? headers)
    {
        if (headers is null || headers.Count == 0) return (null, null);
        string? parent = headers.TryGetLastBytes(TraceParentHeader, out var p) && p is { Length: > 0 } ? Encoding.ASCII.GetString(p) : null;
        if (parent is null) return (null, null);
        string? state = headers.TryGetLastBytes(TraceStateHeader, out var s) && s is { Length: > 0 } ? Encoding.ASCII.GetString(s) : null;
        return (parent, state);
    }
}
