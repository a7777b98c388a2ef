namespace Interest.Streaming.Consuming;

/// <summary>Counters of one clickstream consumer since it started.</summary>
/// <param name="Consumed">Messages read from the topic (valid or not).</param>
/// <param name="Delivered">Valid events the sink acknowledged.</param>
/// <param name="DeadLettered">Invalid messages written to the dead-letter topic.</param>
/// <param name="LostToRetention">Messages the broker removed before this group read them.</param>
/// <param name="Batches">Poll batches completed (offsets stored).</param>
/// <param name="SinkFailures">Failed sink calls (each retried).</param>
/// <param name="Lag">Messages in the assigned partitions not yet read; null until known.</param>
/// <param name="AssignedPartitions">Partitions of the topic this member holds now.</param>
/// <param name="Assignments">Assignments the group has handed this member (0: it has not joined the group yet).</param>
public sealed record ConsumerStatistics(
    long Consumed,
    long Delivered,
    long DeadLettered,
    IReadOnlyDictionary<string, long> DeadLetteredByReason,
    long LostToRetention,
    long Batches,
    long SinkFailures,
    long? Lag,
    int AssignedPartitions,
    long Assignments)
{
    public override string ToString() =>
        $"consumed {Consumed}, delivered {Delivered}, dead-lettered {DeadLettered}" +
        (DeadLetteredByReason.Count == 0 ? "" : " (" + string.Join(", ", DeadLetteredByReason.OrderBy(r => r.Key).Select(r => $"{r.Key}: {r.Value}")) + ")") +
        $", lost to retention {LostToRetention}, batches {Batches}, sink failures {SinkFailures}, lag {Lag?.ToString() ?? "unknown"}, partitions {AssignedPartitions}";
}
