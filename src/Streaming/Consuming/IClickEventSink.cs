using Interest.Abstractions;

namespace Interest.Streaming.Consuming;

/// <summary>
/// Where the consumer hands valid events (registered by the host, e.g. a sink that routes them to user grains).
/// The consumer stores a batch's offsets only after this returns for its events; if it throws, the same events are
/// offered again. Within a call, events are in the order they were read. Calls may overlap (Kafka:MaxBatchesInFlight),
/// but never for the same user: a user's events reach the sink in the order they were produced, each call after the
/// previous one with that user's events has returned.
/// </summary>
public interface IClickEventSink
{
    Task DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken);
}
