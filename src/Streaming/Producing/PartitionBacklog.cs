namespace Interest.Streaming.Producing;

/// <summary>How far one partition's log end is ahead of the consumer group's committed offset.</summary>
public readonly record struct PartitionBacklog(int Partition, long LogStart, long LogEnd, long? Committed)
{
    /// <summary>Without a committed offset the group will start at the log start (auto.offset.reset=earliest).</summary>
    public long Backlog => Math.Max(0, LogEnd - Math.Max(Committed ?? LogStart, LogStart));
}
