namespace Interest.Streaming.Generation;

public sealed class ReplayClickstreamOptions
{
    /// <summary>Timestamp of every user's first interaction (default 2024-01-01T00:00:00Z).</summary>
    public long StartTimestampMs { get; set; } = 1_704_067_200_000;

    /// <summary>Time between a user's consecutive interactions.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// 0: every user is active from the start. Otherwise at most this many users at once; a user who joins in
    /// round r then has timestamps start + (r + i)·interval, so timestamps still never decrease across the stream.
    /// </summary>
    public int MaxActiveUsers { get; set; }
}
