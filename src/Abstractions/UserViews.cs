namespace Interest.Abstractions;

[GenerateSerializer, Immutable, Alias("interest.UserRecommendations")]
public sealed record UserRecommendations(
    [property: Id(0)] string UserId,
    [property: Id(1)] ScoredItem[] Items,
    [property: Id(2)] string ModelVersion,
    [property: Id(3)] DateTimeOffset? ComputedAt,
    [property: Id(4)] long EventCount,
    [property: Id(5)] bool Personalised);

[GenerateSerializer, Immutable, Alias("interest.InterestSummary")]
public sealed record InterestSummary(
    [property: Id(0)] string UserId,
    [property: Id(1)] long EventCount,
    [property: Id(2)] DateTimeOffset? LastEventAt,
    [property: Id(3)] ScoredItem[] ShortTerm,
    [property: Id(4)] ScoredItem[] LongTerm,
    [property: Id(5)] RecentEvent[] RecentEvents);

[GenerateSerializer, Immutable, Alias("interest.RecentEvent")]
public sealed record RecentEvent(
    [property: Id(0)] int ItemId,
    [property: Id(1)] ClickEventType Type,
    [property: Id(2)] long TimestampMs);

/// <summary>The raw interest state of a user, for diagnostics and tests.</summary>
[GenerateSerializer, Immutable, Alias("interest.UserStateSnapshot")]
public sealed record UserStateSnapshot(
    [property: Id(0)] float[] Hidden,
    [property: Id(1)] float[] Cell,
    [property: Id(2)] float[] LongTerm,
    [property: Id(3)] long EventCount,
    [property: Id(4)] long DuplicatesSkipped,
    [property: Id(5)] ScoredItem[] Recommendations,
    [property: Id(6)] string ModelVersion);

/// <summary>What a delivery did: events applied, events skipped as already applied, and events that can never be applied.</summary>
[GenerateSerializer, Immutable, Alias("interest.ApplyEventsResult")]
public sealed record ApplyEventsResult(
    [property: Id(0)] int Applied,
    [property: Id(1)] int DuplicatesSkipped,
    [property: Id(2)] RejectedEvent[]? Rejected = null);
