using Interest.Abstractions;

namespace Interest.Grains.Users;

/// <summary>The durable state of one user grain.</summary>
[GenerateSerializer, Alias("interest.UserInterestState")]
public sealed class UserInterestState
{
    /// <summary>LSTM hidden state; empty until the first event.</summary>
    [Id(0)] public float[] Hidden { get; set; } = [];

    /// <summary>LSTM cell state; empty until the first event.</summary>
    [Id(1)] public float[] Cell { get; set; } = [];

    /// <summary>Long-term interest embedding; empty until the first event.</summary>
    [Id(2)] public float[] LongTerm { get; set; } = [];

    [Id(3)] public long EventCount { get; set; }

    [Id(4)] public long LastEventTimestampMs { get; set; }

    /// <summary>The most recent events, oldest first, at most <see cref="InterestLimits.RecentItemsKept"/>.</summary>
    [Id(5)] public List<RecentEvent> RecentEvents { get; set; } = [];

    [Id(6)] public ScoredItem[] Recommendations { get; set; } = [];

    [Id(7)] public string ModelVersion { get; set; } = "";

    [Id(8)] public DateTimeOffset? RecommendationsComputedAt { get; set; }

    /// <summary>Per Kafka partition, the offset of the last event applied: replays at or below it are skipped.</summary>
    [Id(9)] public Dictionary<int, long> AppliedOffsets { get; set; } = [];

    [Id(10)] public long DuplicatesSkipped { get; set; }
}
