using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;

namespace Interest.Cluster.Tests.Cluster;

/// <summary>A retried POST or producer send is a new Kafka message with the same event id: the user applies it once.</summary>
[Collection(InProcessClusterCollection.Name)]
public sealed class RepeatedEventIdTests(InProcessCluster shared)
{
    [Fact]
    public async Task An_event_id_seen_again_at_a_later_offset_is_skipped_and_its_offset_counts_as_applied()
    {
        const string user = "repeat-later";
        var grain = shared.Interest.Client.GetGrain<IUserGrain>(user);
        var first = await grain.ApplyEvents([Delivered("retried", user, 5, offset: 10)]);
        var before = await grain.GetState();

        var retry = await grain.ApplyEvents([Delivered("retried", user, 5, offset: 11)]);
        var redelivered = await grain.ApplyEvents([Delivered("retried", user, 5, offset: 11), Delivered("next", user, 6, offset: 12)]);
        var after = await grain.GetState();

        Assert.Equal(new ApplyEventsResult(1, 0), first);
        Assert.Equal(new ApplyEventsResult(0, 1), retry);
        Assert.Equal(new ApplyEventsResult(1, 1), redelivered);
        Assert.Equal(2, after.EventCount);
        Assert.Equal(2, after.DuplicatesSkipped);
        Assert.NotEqual(before.Hidden, after.Hidden);
        Assert.Equal([5, 6], (await grain.GetRecentEvents()).Select(e => e.ItemId));
    }

    [Fact]
    public async Task An_event_id_twice_in_one_delivery_is_applied_once()
    {
        const string user = "repeat-same-batch";
        var grain = shared.Interest.Client.GetGrain<IUserGrain>(user);
        var result = await grain.ApplyEvents([Delivered("a", user, 7, offset: 0), Delivered("a", user, 7, offset: 1), Delivered("b", user, 8, offset: 2)]);

        Assert.Equal(new ApplyEventsResult(2, 1), result);
        Assert.Equal([7, 8], (await grain.GetRecentEvents()).Select(e => e.ItemId));
    }

    [Fact]
    public async Task An_event_id_is_remembered_for_the_users_last_events_only()
    {
        const string user = "repeat-window";
        var grain = shared.Interest.Client.GetGrain<IUserGrain>(user);
        var window = Enumerable.Range(0, InterestLimits.RecentItemsKept + 1)
            .Select(i => Delivered($"w-{i}", user, 1 + i, offset: i)).ToArray();
        await grain.ApplyEvents(window);

        // w-0 has left the window of remembered events; w-1 has not.
        var result = await grain.ApplyEvents([Delivered("w-0", user, 1, offset: 100), Delivered("w-1", user, 2, offset: 101)]);

        Assert.Equal(new ApplyEventsResult(1, 1), result);
    }

    private static DeliveredEvent Delivered(string eventId, string user, int item, long offset) =>
        new(new ClickEvent(eventId, user, item, ClickEventType.Click, 1_700_000_000_000 + offset), 0, offset);
}
