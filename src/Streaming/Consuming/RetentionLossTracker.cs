namespace Interest.Streaming.Consuming;

/// <summary>
/// The next offset this consumer expects on each assigned partition. The clickstream topic is neither compacted
/// nor transactional, so its offsets have no gaps: a jump forward means the broker removed messages (retention)
/// before they were read, and the consumer's auto.offset.reset=earliest resumed at the new log start.
/// </summary>
internal sealed class RetentionLossTracker
{
    private readonly Dictionary<int, long> _nextExpected = [];

    public void Start(int partition, long nextExpected) => _nextExpected[partition] = nextExpected;

    public void Forget(int partition) => _nextExpected.Remove(partition);

    public long? NextExpected(int partition) => _nextExpected.TryGetValue(partition, out long next) ? next : null;

    /// <summary>Records a consumed offset; returns the first skipped offset and how many were skipped (0 when none).</summary>
    public (long FirstSkipped, long Skipped) OnConsumed(int partition, long offset)
    {
        long? expected = NextExpected(partition);
        _nextExpected[partition] = Math.Max(offset + 1, expected ?? 0);
        return expected is { } next && offset > next ? (next, offset - next) : (offset, 0);
    }
}
