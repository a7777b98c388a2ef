using Interest.Abstractions;
using Interest.Streaming.Codec;
using Interest.Streaming.Generation;

namespace Interest.Streaming.Tests.Generation;

public class SyntheticClickstreamTests
{
    private static SyntheticClickstream Create(long seed = 42, int users = 300) =>
        new(new SyntheticClickstreamOptions { Seed = seed, UserCount = users });

    [Fact]
    public void Same_seed_gives_the_same_stream_and_another_seed_a_different_one()
    {
        var first = Create().Generate(5000).ToList();
        var again = Create().Generate(5000).ToList();
        var other = Create(seed: 43).Generate(5000).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(e => (e.UserId, e.ItemId)), other.Select(e => (e.UserId, e.ItemId)));
    }

    [Fact]
    public void Known_prefix_for_seed_1_is_stable_across_runtimes()
    {
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { Seed = 1, UserCount = 10 }).Generate(3).ToList();

        // The generator is SplitMix64, not System.Random: this prefix changes only when the model does.
        ClickEvent[] expected =
        [
            new("1-0", "user-7", 647, ClickEventType.View, 1735689731276),
            new("1-1", "user-6", 21347, ClickEventType.View, 1735689744153),
            new("1-2", "user-6", 11865, ClickEventType.View, 1735689748130),
        ];
        Assert.Equal(expected, events);
    }

    [Fact]
    public void Events_are_valid_with_unique_ids_and_increasing_timestamps()
    {
        var generator = Create();
        var events = generator.Generate(20_000).ToList();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(events[^1].TimestampMs);

        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, events.Count).Select(n => $"42-{n}"), events.Select(e => e.EventId));
        for (int i = 1; i < events.Count; i++) Assert.True(events[i].TimestampMs >= events[i - 1].TimestampMs);
        foreach (var user in events.GroupBy(e => e.UserId))
        {
            var times = user.Select(e => e.TimestampMs).ToList();
            for (int i = 1; i < times.Count; i++) Assert.True(times[i] > times[i - 1]);
        }
        Assert.All(events, e => Assert.True(
            ClickEventJson.Decode(ClickEventJson.Serialize(e), e.UserId, generator.Options.CatalogItemCount, now).IsValid));
        Assert.All(events, e => Assert.InRange(int.Parse(e.UserId["user-".Length..]), 1, 300));
    }

    [Fact]
    public void Funnel_makes_views_most_common_then_clicks_carts_and_purchases_of_the_same_item()
    {
        var events = Create().Generate(50_000).ToList();
        var counts = events.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(counts[ClickEventType.View] > counts[ClickEventType.Click]);
        Assert.True(counts[ClickEventType.Click] > counts[ClickEventType.Cart]);
        Assert.True(counts[ClickEventType.Cart] > counts[ClickEventType.Purchase]);
        Assert.True(counts[ClickEventType.Purchase] > 0);
        foreach (var user in events.GroupBy(e => e.UserId))
        {
            ClickEvent? previous = null;
            foreach (var e in user)
            {
                if (e.Type != ClickEventType.View)
                {
                    Assert.NotNull(previous);
                    Assert.Equal(previous.ItemId, e.ItemId);
                    Assert.Equal(e.Type - 1, previous.Type);
                }
                previous = e;
            }
        }
    }

    [Fact]
    public void Users_mostly_view_items_of_their_preferred_groups_and_popular_items_dominate()
    {
        var generator = Create();
        var views = generator.Generate(50_000).Where(e => e.Type == ClickEventType.View).ToList();

        int inPreferred = views.Count(e =>
            generator.GetUserProfile(int.Parse(e.UserId["user-".Length..])).PreferredGroups.Contains(generator.GroupOf(e.ItemId)));
        Assert.InRange(inPreferred / (double)views.Count, 0.8, 0.95);

        var byRank = views.GroupBy(e => e.ItemId - generator.GroupItems(generator.GroupOf(e.ItemId)).First).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byRank[0] > 5 * byRank.GetValueOrDefault(50));
        Assert.All(Enumerable.Range(1, 300).Select(generator.GetUserProfile), p => Assert.InRange(p.PreferredGroups.Count, 1, 3));
    }

    [Fact]
    public void Sessions_are_bursts_separated_by_long_gaps()
    {
        var events = Create(users: 50).Generate(20_000).ToList();
        var gaps = events.GroupBy(e => e.UserId)
            .SelectMany(user => user.Zip(user.Skip(1), (a, b) => b.TimestampMs - a.TimestampMs))
            .ToList();

        double shortGaps = gaps.Count(g => g < TimeSpan.FromMinutes(2).TotalMilliseconds) / (double)gaps.Count;
        double longGaps = gaps.Count(g => g > TimeSpan.FromMinutes(20).TotalMilliseconds) / (double)gaps.Count;
        Assert.InRange(shortGaps, 0.75, 0.97);
        Assert.InRange(longGaps, 0.03, 0.2);
    }

    [Fact]
    public void Groups_cover_the_catalogue_without_overlap()
    {
        var generator = new SyntheticClickstream(new SyntheticClickstreamOptions { CatalogItemCount = 103, ItemGroupCount = 10 });

        var ranges = Enumerable.Range(0, 10).Select(generator.GroupItems).ToList();

        Assert.Equal(1, ranges[0].First);
        Assert.Equal(103, ranges[^1].Last);
        for (int g = 1; g < 10; g++) Assert.Equal(ranges[g - 1].Last + 1, ranges[g].First);
        for (int item = 1; item <= 103; item++)
        {
            var (first, last) = ranges[generator.GroupOf(item)];
            Assert.InRange(item, first, last);
        }
    }
}
