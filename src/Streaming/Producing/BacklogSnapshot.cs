namespace Interest.Streaming.Producing;

/// <summary>Every partition's backlog at one measurement of <see cref="ConsumerGroupBacklog"/>.</summary>
public sealed record BacklogSnapshot(IReadOnlyList<PartitionBacklog> Partitions)
{
    public PartitionBacklog? Largest => Partitions.Count == 0 ? null : Partitions.MaxBy(p => p.Backlog);

    public long MaxBacklog => Largest?.Backlog ?? 0;

    public long TotalBacklog => Partitions.Sum(p => p.Backlog);
}
