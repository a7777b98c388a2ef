using Interest.Abstractions;
using Interest.Streaming.Codec;
using Interest.Streaming.Generation;

namespace Interest.Streaming.Tests.Generation;

public class ReplayClickstreamTests
{
    private static readonly UserInteractions[] Users =
    [
        new(1, [10, 11, 12]),
        new(2, [20]),
        new(3, [30, 31]),
    ];

    [Fact]
    public void Interleaves_users_round_robin_as_clicks_with_per_user_timestamps()
    {
        var options = new ReplayClickstreamOptions { StartTimestampMs = 1_700_000_000_000, Interval = TimeSpan.FromSeconds(30) };

        var events = ReplayClickstream.Events(Users, options).ToList();

        Assert.Equal(
            ["replay-1-0", "replay-2-0", "replay-3-0", "replay-1-1", "replay-3-1", "replay-1-2"],
            events.Select(e => e.EventId));
        Assert.Equal(["u1", "u2", "u3", "u1", "u3", "u1"], events.Select(e => e.UserId));
        Assert.Equal([10, 20, 30, 11, 31, 12], events.Select(e => e.ItemId));
        Assert.All(events, e => Assert.Equal(ClickEventType.Click, e.Type));
        Assert.Equal(
            [1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_000, 1_700_000_030_000, 1_700_000_030_000, 1_700_000_060_000],
            events.Select(e => e.TimestampMs));
    }

    [Fact]
    public void Limiting_active_users_keeps_each_users_order_and_never_decreasing_timestamps()
    {
        var users = Enumerable.Range(1, 50).Select(u => new UserInteractions(u, Enumerable.Range(1, u % 7 + 1).Select(i => u * 100 + i).ToList())).ToList();

        var events = ReplayClickstream.Events(users, new ReplayClickstreamOptions { MaxActiveUsers = 5 }).ToList();

        Assert.Equal(users.Sum(u => u.Items.Count), events.Count);
        for (int i = 1; i < events.Count; i++) Assert.True(events[i].TimestampMs >= events[i - 1].TimestampMs);
        foreach (var user in users)
        {
            var mine = events.Where(e => e.UserId == $"u{user.User}").ToList();
            Assert.Equal(user.Items, mine.Select(e => e.ItemId));
            Assert.Equal(Enumerable.Range(0, user.Items.Count).Select(i => $"replay-{user.User}-{i}"), mine.Select(e => e.EventId));
            Assert.Equal(mine.Select(e => e.TimestampMs).Distinct().Count(), mine.Count);
        }
        Assert.Equal([1, 2, 3, 4, 5], events.Take(5).Select(e => int.Parse(e.UserId[1..])));
    }

    [Fact]
    public void Replay_events_are_valid_on_the_wire()
    {
        var events = ReplayClickstream.Events(Users).ToList();
        var now = DateTimeOffset.UtcNow;

        Assert.All(events, e => Assert.True(ClickEventJson.Decode(ClickEventJson.Serialize(e), e.UserId, 100, now).IsValid));
    }
}
