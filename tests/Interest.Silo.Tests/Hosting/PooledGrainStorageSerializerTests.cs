using Interest.Abstractions;
using Interest.Grains.Users;
using Interest.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Interest.Silo.Tests.Hosting;

public sealed class PooledGrainStorageSerializerTests
{
    private readonly Serializer _serializer =
        new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(UserInterestState).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Writes_the_same_bytes_as_the_stock_serializer_and_reads_them_back()
    {
        var state = new UserInterestState
        {
            EventCount = 60,
            Hidden = Enumerable.Range(0, 128).Select(i => i * 0.25f).ToArray(),
            Cell = Enumerable.Range(0, 128).Select(i => -i * 0.5f).ToArray(),
            LongTerm = Enumerable.Range(0, 64).Select(i => i * 0.125f).ToArray(),
            Recommendations = Enumerable.Range(1, 50).Select(i => new ScoredItem(i * 7, 1f / i)).ToArray(),
        };
        state.AppendRecentEvents(Enumerable.Range(0, 60)
            .Select(i => new ClickEvent($"e{i}", "u-1", 100 + i, (ClickEventType)(i % 4), 1_735_689_600_000 + i)).ToList());
        state.SetAppliedOffset(1, 12_345);

        var pooled = new PooledGrainStorageSerializer(_serializer).Serialize(state);
        var stock = new OrleansGrainStorageSerializer(_serializer).Serialize(state);

        Assert.Equal(stock.ToArray(), pooled.ToArray());
        var read = new PooledGrainStorageSerializer(_serializer).Deserialize<UserInterestState>(pooled);
        Assert.Equal(state.Hidden, read.Hidden);
        Assert.Equal(state.Cell, read.Cell);
        Assert.Equal(state.LongTerm, read.LongTerm);
        Assert.Equal(state.Recommendations, read.Recommendations);
        Assert.Equal(state.RecentEvents, read.RecentEvents);
        Assert.Equal(12_345, read.AppliedOffset(1));
        Assert.Equal(60, read.EventCount);
    }
}
