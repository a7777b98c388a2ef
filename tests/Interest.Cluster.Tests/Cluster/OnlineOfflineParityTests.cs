using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Inference;
using Microsoft.Extensions.DependencyInjection;

namespace Interest.Cluster.Tests.Cluster;

[Collection(InProcessClusterCollection.Name)]
public sealed class OnlineOfflineParityTests(InProcessCluster shared)
{
    private const float Tolerance = 1e-4f;

    [Theory]
    [InlineData("parity-short", 1, 3)]
    [InlineData("parity-long", 40, 11)]
    public async Task Events_fed_one_at_a_time_through_the_grain_match_the_whole_sequence_at_once(string user, int length, int seed)
    {
        var random = new Random(seed);
        int[] items = Enumerable.Range(0, length).Select(_ => random.Next(1, TestSettings.ItemCount + 1)).ToArray();
        var types = Enumerable.Range(0, length).Select(_ => (ClickEventType)random.Next(0, 4)).ToArray();
        var grain = shared.Interest.Client.GetGrain<IUserGrain>(user);

        for (int i = 0; i < length; i++)
        {
            var result = await grain.ApplyEvents([new DeliveredEvent(new ClickEvent($"{user}-{i}", user, items[i], types[i], 1_700_000_000_000 + i), 3, i)]);
            Assert.Equal(1, result.Applied);
        }
        var online = await grain.GetState();

        var engine = shared.Interest.InferenceSiloServices.GetRequiredService<IInferenceEngine>();
        var offline = engine.EncodeSequence(items, types, [], online.Recommendations.Length);

        Assert.Equal(length, online.EventCount);
        AssertClose(offline.Hidden, online.Hidden);
        AssertClose(offline.Cell, online.Cell);
        AssertClose(offline.LongTerm, online.LongTerm);
        Assert.Equal(offline.TopItems.Select(i => i.ItemId), online.Recommendations.Select(i => i.ItemId));
        AssertClose(offline.TopItems.Select(i => i.Score).ToArray(), online.Recommendations.Select(i => i.Score).ToArray());
        foreach (var item in online.Recommendations)
        {
            Assert.InRange(Math.Abs(offline.Scores[item.ItemId] - item.Score), 0, Tolerance);
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).DefaultIfEmpty(0).Max();
        Assert.True(worst <= Tolerance, $"largest difference {worst} exceeds {Tolerance}");
    }
}
