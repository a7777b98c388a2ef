using Interest.Abstractions;
using Interest.Grains.Users;

namespace Interest.Grains.Tests.Users;

/// <summary>The compact shapes of the user state (struct arrays instead of lists of objects and a dictionary).</summary>
public sealed class UserInterestStateTests
{
    [Fact]
    public void Recent_events_keep_the_last_fifty_in_order()
    {
        var state = new UserInterestState();
        state.AppendRecentEvents(Events(1, 30));
        state.AppendRecentEvents(Events(31, 30));

        Assert.Equal(InterestLimits.RecentItemsKept, state.RecentEvents.Length);
        Assert.Equal(Enumerable.Range(11, 50), state.RecentEvents.Select(e => e.ItemId));
        Assert.Equal(Enumerable.Range(11, 50), state.RecentEventViews().Select(e => e.ItemId));
        Assert.Equal(ClickEventType.Purchase, state.RecentEventViews()[0].Type);
    }

    [Fact]
    public void A_more_than_full_append_keeps_only_its_own_newest_events()
    {
        var state = new UserInterestState();
        state.AppendRecentEvents(Events(1, 3));
        state.AppendRecentEvents(Events(100, 60));

        Assert.Equal(Enumerable.Range(110, 50), state.RecentEvents.Select(e => e.ItemId));
    }

    [Fact]
    public void Applied_offsets_are_per_partition()
    {
        var state = new UserInterestState();
        Assert.Equal(-1, state.AppliedOffset(3));

        state.SetAppliedOffset(3, 10);
        state.SetAppliedOffset(5, 7);
        state.SetAppliedOffset(3, 12);

        Assert.Equal(12, state.AppliedOffset(3));
        Assert.Equal(7, state.AppliedOffset(5));
        Assert.Equal(2, state.AppliedOffsets.Length);
    }

    private static List<ClickEvent> Events(int firstItem, int count) =>
        Enumerable.Range(firstItem, count).Select(i => new ClickEvent($"e{i}", "u", i, (ClickEventType)(i % 4), 1_735_689_600_000 + i)).ToList();
}
