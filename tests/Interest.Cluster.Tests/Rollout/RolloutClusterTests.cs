using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Placement;
using Interest.Inference;
using Microsoft.Extensions.DependencyInjection;

namespace Interest.Cluster.Tests.Rollout;

/// <summary>
/// A cluster serving model v1 from a file, with v2 (other weights, another hidden size) ready to switch to. Tests
/// switch the engine directly; the registry drives it in production.
/// </summary>
public abstract class RolloutClusterTests : IAsyncLifetime
{
    private const float Tolerance = 1e-4f;
    private readonly RolloutModels _models = new();

    protected InterestCluster Cluster { get; private set; } = null!;

    protected string First { get; private set; } = null!;

    protected string Second { get; private set; } = null!;

    protected abstract void Configure(Dictionary<string, string?> settings);

    public async Task InitializeAsync()
    {
        First = _models.Save("v1", seed: 21);
        Second = _models.Save("v2", seed: 22, hiddenSize: 48);
        var settings = TestSettings.Base(null, "rebuild");
        settings["Inference:ModelPath"] = First;
        Configure(settings);
        Cluster = await InterestCluster.StartAsync(settings, silos: 2, firstSiloRoles: [SiloRoles.Inference], otherSiloRoles: []);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _models.Dispose();
    }

    protected IInferenceEngine Engine => Cluster.InferenceSiloServices.GetRequiredService<IInferenceEngine>();

    protected async Task<Dictionary<string, List<(int Item, ClickEventType Type)>>> FeedAsync(string[] users, int eventsEach, int seed, int firstOffset = 0)
    {
        var random = new Random(seed);
        var fed = users.ToDictionary(user => user, _ => new List<(int, ClickEventType)>());
        await Parallel.ForEachAsync(users, async (user, _) =>
        {
            List<(int Item, ClickEventType Type)> events;
            lock (random) events = Enumerable.Range(0, eventsEach).Select(_ => (random.Next(1, TestSettings.ItemCount + 1), (ClickEventType)random.Next(0, 4))).ToList();
            var grain = Cluster.Client.GetGrain<IUserGrain>(user);
            for (int i = 0; i < events.Count; i++)
            {
                long offset = firstOffset + i;
                var result = await grain.ApplyEvents([new DeliveredEvent(new ClickEvent($"{user}-{offset}", user, events[i].Item, events[i].Type, 1_700_000_000_000 + offset), 0, offset)]);
                Assert.Equal(1, result.Applied);
            }
            lock (fed) fed[user].AddRange(events);
        });
        return fed;
    }

    protected async Task<Dictionary<string, UserStateSnapshot>> StatesAsync(string[] users)
    {
        var states = await Task.WhenAll(users.Select(user => Cluster.Client.GetGrain<IUserGrain>(user).GetState()));
        return users.Zip(states).ToDictionary(pair => pair.First, pair => pair.Second);
    }

    protected void AssertEncodes(List<(int Item, ClickEventType Type)> events, string version, UserStateSnapshot state)
    {
        var window = events.TakeLast(InterestLimits.RecentItemsKept).ToArray();
        var offline = Engine.EncodeSequence(window.Select(e => e.Item).ToArray(), window.Select(e => e.Type).ToArray(), [], state.Recommendations.Length, version);
        AssertClose(offline.Hidden, state.Hidden);
        AssertClose(offline.Cell, state.Cell);
        AssertClose(offline.LongTerm, state.LongTerm);
        Assert.Equal(offline.TopItems.Select(i => i.ItemId), state.Recommendations.Select(i => i.ItemId));
    }

    protected static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).DefaultIfEmpty(0).Max();
        Assert.True(worst <= Tolerance, $"largest difference {worst} exceeds {Tolerance}");
    }

    protected static DeliveredEvent Delivered(string user, long offset, int item) =>
        new(new ClickEvent($"{user}-{offset}", user, item, ClickEventType.Click, 1_700_000_000_000 + offset), 0, offset);
}
