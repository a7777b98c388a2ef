namespace Interest.Abstractions;

/// <summary>One clickstream event as it travels on Kafka (JSON, key = <see cref="UserId"/>). Schema: docs/CLICKSTREAM.md.</summary>
[GenerateSerializer, Immutable, Alias("interest.ClickEvent")]
public sealed record ClickEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string UserId,
    [property: Id(2)] int ItemId,
    [property: Id(3)] ClickEventType Type,
    [property: Id(4)] long TimestampMs);

/// <summary>
/// An event together with where it was read from, so that a grain can recognise replays, and the W3C trace context
/// its message carried (<c>traceparent</c>, <c>tracestate</c> headers), if any.
/// </summary>
[GenerateSerializer, Immutable, Alias("interest.DeliveredEvent")]
public sealed record DeliveredEvent(
    [property: Id(0)] ClickEvent Event,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset,
    [property: Id(3)] string? TraceParent = null,
    [property: Id(4)] string? TraceState = null);
