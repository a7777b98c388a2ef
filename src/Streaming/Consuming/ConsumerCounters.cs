using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Interest.Streaming.Consuming;

/// <summary>Thread-safe counters behind <see cref="ConsumerStatistics"/>; also feeds the meter.</summary>
internal sealed class ConsumerCounters
{
    private readonly ConcurrentDictionary<string, long> _deadLetteredByReason = new(StringComparer.Ordinal);
    private long _consumed;
    private long _delivered;
    private long _deadLettered;
    private long _lostToRetention;
    private long _batches;
    private long _sinkFailures;
    private long _lag = -1;
    private IReadOnlyList<KeyValuePair<int, long>> _partitionLag = [];
    private int _assignedPartitions;
    private long _assignments;

    public void AddConsumed(int count)
    {
        Interlocked.Add(ref _consumed, count);
        StreamingMetrics.Consumed.Add(count);
    }

    public void AddBatch(int deliveredEvents)
    {
        Interlocked.Add(ref _delivered, deliveredEvents);
        Interlocked.Increment(ref _batches);
        StreamingMetrics.Delivered.Add(deliveredEvents);
        StreamingMetrics.Batches.Add(1);
    }

    public void AddDeadLettered(string reason)
    {
        Interlocked.Increment(ref _deadLettered);
        _deadLetteredByReason.AddOrUpdate(reason, 1, static (_, count) => count + 1);
        StreamingMetrics.DeadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void AddLostToRetention(int partition, long count)
    {
        Interlocked.Add(ref _lostToRetention, count);
        StreamingMetrics.LostToRetention.Add(count, new KeyValuePair<string, object?>("partition", partition));
    }

    public void AddSinkFailure()
    {
        Interlocked.Increment(ref _sinkFailures);
        StreamingMetrics.SinkFailures.Add(1);
    }

    public void SetLag(long? lag) => Interlocked.Exchange(ref _lag, lag ?? -1);

    /// <summary>Unread messages per assigned partition whose position and high watermark are known.</summary>
    public void SetPartitionLag(IReadOnlyList<KeyValuePair<int, long>> lag) => Volatile.Write(ref _partitionLag, lag);

    public IReadOnlyList<KeyValuePair<int, long>> PartitionLag => Volatile.Read(ref _partitionLag);

    public long? Lag => Interlocked.Read(ref _lag) is var lag && lag >= 0 ? lag : null;

    public void SetAssignedPartitions(int count) => Volatile.Write(ref _assignedPartitions, count);

    /// <summary>The group handed this member an assignment (perhaps of no partitions): it has joined the group.</summary>
    public void CountAssignment() => Interlocked.Increment(ref _assignments);

    public ConsumerStatistics Snapshot() => new(
        Interlocked.Read(ref _consumed),
        Interlocked.Read(ref _delivered),
        Interlocked.Read(ref _deadLettered),
        _deadLetteredByReason.ToFrozenDictionary(StringComparer.Ordinal),
        Interlocked.Read(ref _lostToRetention),
        Interlocked.Read(ref _batches),
        Interlocked.Read(ref _sinkFailures),
        Lag,
        Volatile.Read(ref _assignedPartitions),
        Interlocked.Read(ref _assignments));
}
