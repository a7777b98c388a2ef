using Interest.Abstractions;
using Interest.Grains.Users;
using Interest.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Interest.Silo.Tests.Hosting;

public sealed class ProcessMemoryGrainStorageTests
{
    private static readonly GrainId User = GrainId.Create("user", "u-1");

    private readonly ProcessMemoryGrainStorage _storage = new(
        new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(UserInterestState).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>());

    [Fact]
    public async Task A_written_state_is_read_back_as_a_copy()
    {
        var user = new UserInterestState { EventCount = 3, Hidden = [1f, 2f] };
        user.AppendRecentEvents([new ClickEvent("e", "u-1", 42, ClickEventType.Click, 1_735_689_600_000)]);
        user.SetAppliedOffset(2, 99);
        var written = new GrainState<UserInterestState>(user);
        await _storage.WriteStateAsync("interest", User, written);

        var read = new GrainState<UserInterestState>(new UserInterestState());
        await _storage.ReadStateAsync("interest", User, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        var copy = Assert.IsType<UserInterestState>(read.State);
        Assert.NotSame(user, copy);
        Assert.Equal(3, copy.EventCount);
        Assert.Equal([1f, 2f], copy.Hidden);
        Assert.Equal(42, Assert.Single(copy.RecentEvents).ItemId);
        Assert.Equal(99, copy.AppliedOffset(2));
    }

    [Fact]
    public async Task A_state_never_written_does_not_exist()
    {
        var read = new GrainState<UserInterestState>(new UserInterestState());
        await _storage.ReadStateAsync("interest", User, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_write_from_a_stale_copy_is_refused()
    {
        var first = new GrainState<UserInterestState>(new UserInterestState());
        await _storage.WriteStateAsync("interest", User, first);
        var stale = new GrainState<UserInterestState>(new UserInterestState()) { ETag = first.ETag };
        await _storage.WriteStateAsync("interest", User, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("interest", User, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.WriteStateAsync("interest", User, new GrainState<UserInterestState>(new UserInterestState())));
    }

    [Fact]
    public async Task A_larger_state_replaces_a_smaller_one_and_back()
    {
        var state = new GrainState<UserInterestState>(new UserInterestState { Hidden = [1f] });
        await _storage.WriteStateAsync("interest", User, state);
        state.State = new UserInterestState { Hidden = Enumerable.Range(0, 500).Select(i => (float)i).ToArray() };
        await _storage.WriteStateAsync("interest", User, state);
        state.State = new UserInterestState { Hidden = [7f, 8f] };
        await _storage.WriteStateAsync("interest", User, state);

        var read = new GrainState<UserInterestState>(new UserInterestState());
        await _storage.ReadStateAsync("interest", User, read);
        Assert.Equal([7f, 8f], Assert.IsType<UserInterestState>(read.State).Hidden);
    }

    [Fact]
    public async Task Clearing_removes_the_state()
    {
        var state = new GrainState<UserInterestState>(new UserInterestState());
        await _storage.WriteStateAsync("interest", User, state);
        await _storage.ClearStateAsync("interest", User, state);

        var read = new GrainState<UserInterestState>(new UserInterestState());
        await _storage.ReadStateAsync("interest", User, read);
        Assert.False(read.RecordExists);
        Assert.False(state.RecordExists);
    }
}
