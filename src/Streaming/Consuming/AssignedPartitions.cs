using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming.Consuming;

/// <summary>
/// The partitions of the clickstream topic that this group member holds, from assignment until they are revoked or
/// lost: the offset it expects next on each, the offsets it has acknowledged (stored for auto-commit), and the
/// messages that retention removed before the group read them, found at assignment, as a gap in the consumed offsets,
/// and (as a warning) from the watermarks. Used from the polling thread only: librdkafka runs the rebalance handlers
/// that call <see cref="Assign"/>, <see cref="Revoke"/> and <see cref="Lose"/> inside Consume on that thread.
/// </summary>
internal sealed class AssignedPartitions
{
    private static readonly TimeSpan BrokerCallTimeout = TimeSpan.FromSeconds(5);

    private readonly string _topic;
    private readonly ConsumerCounters _counters;
    private readonly ILogger _logger;
    private readonly RetentionLossTracker _positions = new();
    private readonly Dictionary<int, long> _acknowledged = [];
    private readonly Dictionary<int, long> _retentionWarnedAt = [];
    private List<TopicPartition> _assigned = [];

    public AssignedPartitions(string topic, ConsumerCounters counters, ILogger logger)
    {
        _topic = topic;
        _counters = counters;
        _logger = logger;
    }

    public void Assign(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        StreamingLog.PartitionsAssigned(_logger, Describe(partitions));
        _assigned = [.. _assigned.Where(p => !partitions.Contains(p)), .. partitions];
        _counters.SetAssignedPartitions(_assigned.Count);
        _counters.CountAssignment();
        foreach (var partition in partitions)
        {
            _positions.Forget(partition.Partition.Value);
            _acknowledged.Remove(partition.Partition.Value);
            _retentionWarnedAt.Remove(partition.Partition.Value);
        }
        CheckLossAtAssignment(consumer, partitions);
    }

    /// <summary>
    /// Commits what has been acknowledged of the revoked partitions and gives them up. The caller acknowledges the
    /// batches in flight first, so that the commit covers them.
    /// </summary>
    public void Revoke(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => p.Partition.Value).ToHashSet();
        string committed = CommitAcknowledged(consumer, revoked);
        StreamingLog.PartitionsRevoked(_logger, Describe(partitions.Select(p => p.TopicPartition)), committed);
        Release(revoked);
    }

    /// <summary>Gives up lost partitions without a commit: the group may already have given them to another member.</summary>
    public void Lose(List<TopicPartitionOffset> partitions)
    {
        StreamingLog.PartitionsLost(_logger, Describe(partitions.Select(p => p.TopicPartition)));
        Release(partitions.Select(p => p.Partition.Value).ToHashSet());
    }

    /// <summary>Records a message read from <paramref name="partition"/>; offsets skipped before it were lost to retention.</summary>
    public void OnConsumed(int partition, long offset)
    {
        var (firstSkipped, skipped) = _positions.OnConsumed(partition, offset);
        if (skipped > 0)
        {
            RecordLoss(partition, firstSkipped, skipped, "found as a gap in the consumed offsets: reading resumed at the new log start");
        }
    }

    /// <summary>Stores <paramref name="nextOffset"/> for auto-commit, and remembers it to commit when the partition is revoked.</summary>
    public void StoreOffset(IConsumer<byte[]?, byte[]?> consumer, int partition, long nextOffset)
    {
        try
        {
            consumer.StoreOffset(new TopicPartitionOffset(_topic, partition, nextOffset));
            _acknowledged[partition] = nextOffset;
        }
        catch (KafkaException e)
        {
            StreamingLog.StoreOffsetFailed(_logger, _topic, partition, e.Error.ToString());
        }
    }

    /// <summary>Commits what has been acknowledged of every partition (before the consumer is closed).</summary>
    public void CommitAllAcknowledged(IConsumer<byte[]?, byte[]?> consumer) => CommitAcknowledged(consumer, _acknowledged.Keys.ToList());

    /// <summary>Forgets the acknowledged offsets and the assignment once the consumer has been closed.</summary>
    public void OnClosed()
    {
        _acknowledged.Clear();
        _assigned = [];
        _counters.SetAssignedPartitions(0);
    }

    /// <summary>
    /// Lag from the watermarks librdkafka caches from fetch responses (no broker round trip), and an early warning
    /// when retention has overtaken this consumer. The loss itself is counted when the gap is consumed, because
    /// messages already fetched into the client's queue are not lost even if the broker has since removed them.
    /// </summary>
    public void CheckWatermarks(IConsumer<byte[]?, byte[]?> consumer)
    {
        long lag = 0;
        bool known = _assigned.Count > 0;
        var partitionLag = new List<KeyValuePair<int, long>>(_assigned.Count);
        foreach (var partition in _assigned)
        {
            var watermarks = consumer.GetWatermarkOffsets(partition);
            long? next = _positions.NextExpected(partition.Partition.Value);
            if (watermarks.High.Value < 0 || next is null)
            {
                known = false;
                continue;
            }
            long behind = Math.Max(0, watermarks.High.Value - next.Value);
            lag += behind;
            partitionLag.Add(new(partition.Partition.Value, behind));
            long logStart = watermarks.Low.Value;
            if (logStart > next.Value
                && (!_retentionWarnedAt.TryGetValue(partition.Partition.Value, out long warnedAt) || warnedAt < next.Value))
            {
                _retentionWarnedAt[partition.Partition.Value] = logStart;
                StreamingLog.RetentionOvertaking(_logger, _topic, partition.Partition.Value, logStart, next.Value);
            }
        }
        _counters.SetLag(known ? lag : null);
        _counters.SetPartitionLag(partitionLag);
    }

    /// <summary>
    /// The group resumes at its committed offset, or at offset 0 when it has none (auto.offset.reset=earliest asks for
    /// everything); a log start beyond that means those messages were removed before the group read them.
    /// </summary>
    private void CheckLossAtAssignment(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        try
        {
            var committed = consumer.Committed(partitions, BrokerCallTimeout);
            foreach (var entry in committed)
            {
                int partition = entry.Partition.Value;
                bool hasCommitted = entry.Offset.Value >= 0;
                long resumeAt = hasCommitted ? entry.Offset.Value : 0;
                long logStart = consumer.QueryWatermarkOffsets(entry.TopicPartition, BrokerCallTimeout).Low.Value;
                if (logStart > resumeAt)
                {
                    RecordLoss(partition, resumeAt, logStart - resumeAt, hasCommitted
                        ? "found at assignment: the log start is past the group's committed offset"
                        : "found at assignment: the group has no committed offset and the log no longer starts at 0");
                    resumeAt = logStart;
                }
                _positions.Start(partition, resumeAt);
            }
        }
        catch (KafkaException e)
        {
            StreamingLog.LossCheckFailed(_logger, _topic, Describe(partitions), e.Error.ToString());
        }
    }

    private void Release(HashSet<int> partitions)
    {
        foreach (int partition in partitions)
        {
            _acknowledged.Remove(partition);
            _positions.Forget(partition);
            _retentionWarnedAt.Remove(partition);
        }
        _assigned = _assigned.Where(p => !partitions.Contains(p.Partition.Value)).ToList();
        _counters.SetAssignedPartitions(_assigned.Count);
        _counters.SetLag(null);
        _counters.SetPartitionLag([]);
    }

    private string CommitAcknowledged(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<int> partitions)
    {
        var offsets = partitions
            .Where(_acknowledged.ContainsKey)
            .Select(p => new TopicPartitionOffset(_topic, p, _acknowledged[p]))
            .ToList();
        if (offsets.Count == 0) return "(none)";
        string described = string.Join(", ", offsets.Select(o => $"{o.Partition.Value}@{o.Offset.Value}"));
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException e)
        {
            StreamingLog.CommitFailed(_logger, described, e.Error.ToString());
        }
        return described;
    }

    private void RecordLoss(int partition, long firstLost, long count, string how)
    {
        _counters.AddLostToRetention(partition, count);
        StreamingLog.LostToRetention(_logger, _topic, partition, count, firstLost, firstLost + count - 1, how);
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));
}
