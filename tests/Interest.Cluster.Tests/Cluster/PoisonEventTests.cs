using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Inference;
using Microsoft.Extensions.DependencyInjection;

namespace Interest.Cluster.Tests.Cluster;

/// <summary>
/// An event the user's model version refuses (here an item beyond its catalogue, as when a candidate with a larger
/// catalogue is served beside it) is rejected alone: the user's other events are applied as if it had never been sent.
/// </summary>
[Collection(InProcessClusterCollection.Name)]
public sealed class PoisonEventTests(InProcessCluster shared)
{
    private const int UnknownItem = TestSettings.ItemCount + 500;

    [Fact]
    public async Task A_poison_event_between_good_ones_is_rejected_alone_and_the_others_are_applied()
    {
        const string user = "poison-between";
        var grain = shared.Interest.Client.GetGrain<IUserGrain>(user);
        var result = await grain.ApplyEvents([Delivered(user, 0, 5), Delivered(user, 1, UnknownItem), Delivered(user, 2, 6)]);

        Assert.Equal(2, result.Applied);
        var rejected = Assert.Single(result.Rejected!);
        Assert.Equal(1, rejected.Event.Offset);
        Assert.Equal(RejectedEvent.RejectedByModel, rejected.Reason);
        Assert.Contains(UnknownItem.ToString(), rejected.Detail);

        var state = await grain.GetState();
        var engine = shared.Interest.InferenceSiloServices.GetRequiredService<IInferenceEngine>();
        var reference = engine.EncodeSequence([5, 6], [ClickEventType.Click, ClickEventType.Click], [], state.Recommendations.Length);
        Assert.Equal(2, state.EventCount);
        Assert.Equal([5, 6], (await grain.GetRecentEvents()).Select(e => e.ItemId));
        Assert.True(reference.Hidden.Zip(state.Hidden).All(pair => Math.Abs(pair.First - pair.Second) < 1e-4f));

        // Its offset counts as done: a redelivery skips it with the rest.
        var redelivered = await grain.ApplyEvents([Delivered(user, 1, UnknownItem), Delivered(user, 2, 6)]);
        Assert.Equal(new ApplyEventsResult(0, 2), redelivered);
    }

    [Fact]
    public async Task A_lone_poison_event_is_rejected_without_an_error()
    {
        const string user = "poison-alone";
        var grain = shared.Interest.Client.GetGrain<IUserGrain>(user);
        var result = await grain.ApplyEvents([Delivered(user, 0, UnknownItem)]);

        Assert.Equal(0, result.Applied);
        Assert.Single(result.Rejected!);
        Assert.Equal(0, (await grain.GetState()).EventCount);
    }

    private static DeliveredEvent Delivered(string user, long offset, int item) =>
        new(new ClickEvent($"{user}-{offset}", user, item, ClickEventType.Click, 1_700_000_000_000 + offset), 0, offset);
}
