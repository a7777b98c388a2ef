using Interest.Abstractions;

namespace Interest.Grains.Users;

/// <summary>The durable state of one user grain.</summary>
/// <remarks>
/// Every active user keeps this in memory, so collections are compact arrays of structs rather than lists of objects
/// or dictionaries (docs/BENCHMARKS.md, memory per user). Ids 5 and 9 held earlier shapes of the recent events and
/// the applied offsets and are not reused.
/// </remarks>
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
    [Id(11)] public StoredEvent[] RecentEvents { get; set; } = [];

    [Id(6)] public ScoredItem[] Recommendations { get; set; } = [];

    [Id(7)] public string ModelVersion { get; set; } = "";

    [Id(8)] public DateTimeOffset? RecommendationsComputedAt { get; set; }

    /// <summary>Per Kafka partition, the offset of the last event applied: replays at or below it are skipped.
    /// A user's events share a partition, so this normally has one entry.</summary>
    [Id(12)] public PartitionOffset[] AppliedOffsets { get; set; } = [];

    [Id(10)] public long DuplicatesSkipped { get; set; }

    /// <summary>The offset of the last event applied from <paramref name="partition"/>, or −1.</summary>
    public long AppliedOffset(int partition)
    {
        foreach (var applied in AppliedOffsets)
        {
            if (applied.Partition == partition) return applied.Offset;
        }
        return -1;
    }

    public void SetAppliedOffset(int partition, long offset)
    {
        for (int i = 0; i < AppliedOffsets.Length; i++)
        {
            if (AppliedOffsets[i].Partition == partition)
            {
                AppliedOffsets[i] = new PartitionOffset(partition, offset);
                return;
            }
        }
        AppliedOffsets = [.. AppliedOffsets, new PartitionOffset(partition, offset)];
    }

    /// <summary>Appends <paramref name="events"/> and keeps the last <see cref="InterestLimits.RecentItemsKept"/>.</summary>
    public void AppendRecentEvents(IReadOnlyList<ClickEvent> events)
    {
        int kept = Math.Min(InterestLimits.RecentItemsKept, RecentEvents.Length + events.Count);
        var recent = new StoredEvent[kept];
        int fromNew = Math.Min(kept, events.Count);
        int fromOld = kept - fromNew;
        Array.Copy(RecentEvents, RecentEvents.Length - fromOld, recent, 0, fromOld);
        for (int i = 0; i < fromNew; i++)
        {
            var e = events[events.Count - fromNew + i];
            recent[fromOld + i] = StoredEvent.From(e);
        }
        RecentEvents = recent;
    }

    /// <summary>Whether one of the recent events had an event id with this <see cref="StoredEvent.HashEventId"/>.</summary>
    public bool HasRecentEventId(ulong eventIdHash)
    {
        foreach (var stored in RecentEvents)
        {
            if (stored.EventIdHash == eventIdHash) return true;
        }
        return false;
    }

    public RecentEvent[] RecentEventViews() => Array.ConvertAll(RecentEvents, e => new RecentEvent(e.ItemId, e.Type, e.TimestampMs));
}
