using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Interest.Streaming;

/// <summary>Instruments on the "Interest.Streaming" meter.</summary>
public static class StreamingMetrics
{
    public const string MeterName = "Interest.Streaming";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Produced = Meter.CreateCounter<long>(
        "interest.streaming.produced", "{event}", "Events acknowledged by the broker.");

    public static readonly Counter<long> ProduceErrors = Meter.CreateCounter<long>(
        "interest.streaming.produce_errors", "{event}", "Events the broker did not accept.");

    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>(
        "interest.streaming.consumed", "{message}", "Messages read from the clickstream topic.");

    public static readonly Counter<long> Delivered = Meter.CreateCounter<long>(
        "interest.streaming.delivered", "{event}", "Valid events acknowledged by the sink.");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "interest.streaming.dead_lettered", "{message}", "Invalid messages written to the dead-letter topic, tagged by reason.");

    public static readonly Counter<long> LostToRetention = Meter.CreateCounter<long>(
        "interest.streaming.lost_to_retention", "{message}", "Messages the broker removed before the consumer group read them.");

    public static readonly Counter<long> Batches = Meter.CreateCounter<long>(
        "interest.streaming.batches", "{batch}", "Poll batches whose offsets were stored.");

    public static readonly Counter<long> SinkFailures = Meter.CreateCounter<long>(
        "interest.streaming.sink_failures", "{attempt}", "Failed deliveries of a batch (the batch is retried).");

    public const string PartitionTag = "messaging.destination.partition.id";

    private static readonly ConcurrentDictionary<object, (string ClientId, Func<IReadOnlyList<KeyValuePair<int, long>>> Lag)> LagSources = new();

    public static readonly ObservableGauge<long> Lag = Meter.CreateObservableGauge(
        "interest.streaming.lag", ObserveLag, "{message}", "Messages in an assigned partition not yet read, per consumer and partition.");

    internal static void AddLagSource(object owner, string clientId, Func<IReadOnlyList<KeyValuePair<int, long>>> lag) => LagSources[owner] = (clientId, lag);

    internal static void RemoveLagSource(object owner) => LagSources.TryRemove(owner, out _);

    private static IEnumerable<Measurement<long>> ObserveLag()
    {
        foreach (var (clientId, lag) in LagSources.Values)
        {
            foreach (var (partition, behind) in lag())
            {
                yield return new Measurement<long>(behind,
                    new KeyValuePair<string, object?>("client.id", clientId),
                    new KeyValuePair<string, object?>(PartitionTag, partition.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }
}
