using Interest.Abstractions;

namespace Interest.Grains.Users;

/// <summary>One recent event as a user grain keeps it (16 bytes).</summary>
[GenerateSerializer, Immutable, Alias("interest.StoredEvent")]
public readonly record struct StoredEvent([property: Id(0)] int ItemId, [property: Id(1)] ClickEventType Type, [property: Id(2)] long TimestampMs);
