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
    /// <returns>
    /// The events that can never be applied (all others are): the consumer writes them to the dead-letter topic and
    /// moves on. A transient failure (no silo, storage down) throws instead, and the events are offered again.
    /// </returns>
    Task<IReadOnlyList<RejectedEvent>> DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken);
}
