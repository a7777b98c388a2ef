using Interest.Abstractions;

namespace Interest.Streaming;

/// <summary>
/// Where the consumer hands valid events (registered by the host, e.g. a sink that routes them to user grains).
/// The consumer stores the batch's offsets only after this returns; if it throws, the same batch is offered again.
/// Events are in the order they were read: each user's events in the order they were produced.
/// </summary>
public interface IClickEventSink
{
    Task DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken);
}
