using Interest.Abstractions;

namespace Interest.Cluster.Tests.Fixtures;

public static class TestEvents
{
    /// <summary>
    /// <paramref name="count"/> events of <paramref name="user"/> as one partition delivers them: items
    /// <paramref name="firstItemId"/> onwards, one each, the event types in turn, consecutive offsets from 0.
    /// </summary>
    public static DeliveredEvent[] For(string user, int count, int firstItemId) => Enumerable.Range(0, count)
        .Select(i => new DeliveredEvent(new ClickEvent($"{user}-{i}", user, firstItemId + i, (ClickEventType)(i % 4), 1_700_000_000_000 + i), 0, i))
        .ToArray();
}
