using System.IO.Hashing;
using System.Text;
using Interest.Abstractions;

namespace Interest.Grains.Users;

/// <summary>
/// One recent event as a user grain keeps it (24 bytes): enough to re-encode the user's window and to recognise a
/// repeated <see cref="ClickEvent.EventId"/> by a 64-bit hash of it (0 in state written before the hash was kept).
/// </summary>
[GenerateSerializer, Immutable, Alias("interest.StoredEvent")]
public readonly record struct StoredEvent(
    [property: Id(0)] int ItemId,
    [property: Id(1)] ClickEventType Type,
    [property: Id(2)] long TimestampMs,
    [property: Id(3)] ulong EventIdHash)
{
    public static StoredEvent From(ClickEvent clickEvent) =>
        new(clickEvent.ItemId, clickEvent.Type, clickEvent.TimestampMs, HashEventId(clickEvent.EventId));

    /// <summary>A stable hash (the same in every process, unlike string.GetHashCode), never 0.</summary>
    public static ulong HashEventId(string eventId)
    {
        ulong hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(eventId));
        return hash == 0 ? 1 : hash;
    }
}
