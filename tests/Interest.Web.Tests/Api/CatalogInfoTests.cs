using Interest.Abstractions;
using Interest.Web.Api;

namespace Interest.Web.Tests.Api;

public sealed class CatalogInfoTests
{
    private readonly ManualClock _clock = new();
    private ServedModels _served = Served(100);
    private int _fetches;

    private CatalogInfo Catalog() => new(() =>
    {
        _fetches++;
        return Task.FromResult(_served);
    }, _clock, CatalogInfo.KeptFor);

    [Fact]
    public async Task A_changed_catalogue_applies_once_the_kept_answer_is_older_than_a_few_seconds()
    {
        var catalog = Catalog();
        Assert.Equal(100, await catalog.GetItemCountAsync());

        _served = Served(150);
        _clock.Advance(CatalogInfo.KeptFor - TimeSpan.FromMilliseconds(1));
        Assert.Equal(100, await catalog.GetItemCountAsync());
        Assert.Equal(1, _fetches);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(150, await catalog.GetItemCountAsync());
        Assert.Equal(2, _fetches);
        Assert.Equal(150, await catalog.GetItemCountAsync());
        Assert.Equal(2, _fetches);
        Assert.True(CatalogInfo.KeptFor <= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_largest_served_catalogue_counts_while_a_candidate_is_tried()
    {
        _served = new ServedModels(Model("current", 100), Model("candidate", 120), 0.1);
        Assert.Equal(120, await Catalog().GetItemCountAsync());

        _served = new ServedModels(Model("current", 130), Model("candidate", 120), 0.1);
        Assert.Equal(130, await Catalog().GetItemCountAsync());
    }

    [Fact]
    public async Task Callers_while_the_cluster_is_asked_share_one_question()
    {
        var answer = new TaskCompletionSource<ServedModels>();
        int fetches = 0;
        var catalog = new CatalogInfo(() =>
        {
            fetches++;
            return answer.Task;
        }, _clock, CatalogInfo.KeptFor);

        var first = catalog.GetItemCountAsync();
        var second = catalog.GetItemCountAsync();
        Assert.False(first.IsCompleted);
        answer.SetResult(Served(42));

        int[] answers = await Task.WhenAll(first, second);
        Assert.Equal([42, 42], answers);
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task A_cluster_that_does_not_answer_fails_the_first_question_and_later_keeps_the_last_size()
    {
        bool failing = true;
        var catalog = new CatalogInfo(() => failing ? Task.FromException<ServedModels>(new TimeoutException("no silo")) : Task.FromResult(_served),
            _clock, CatalogInfo.KeptFor);
        await Assert.ThrowsAsync<TimeoutException>(catalog.GetItemCountAsync);

        failing = false;
        Assert.Equal(100, await catalog.GetItemCountAsync());

        failing = true;
        _served = Served(200);
        _clock.Advance(CatalogInfo.KeptFor);
        Assert.Equal(100, await catalog.GetItemCountAsync());

        failing = false;
        Assert.Equal(200, await catalog.GetItemCountAsync());
    }

    private static ServedModels Served(int items) => new(Model("v-" + items, items), null, 0);

    private static ModelDescription Model(string version, int items) => new(version, items, 8, 8, "cpu", "test");

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = TimeSpan.FromDays(1).Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
