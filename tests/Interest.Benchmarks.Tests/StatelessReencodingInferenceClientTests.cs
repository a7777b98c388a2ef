using Interest.Abstractions;
using Interest.Benchmarks.Silo;
using Interest.Grains.Inference;
using Interest.Grains.Users;

namespace Interest.Benchmarks.Tests;

/// <summary>The benchmark's stateless arm sends the window the user grain keeps, as a new user's request.</summary>
public sealed class StatelessReencodingInferenceClientTests
{
    [Fact]
    public async Task Each_update_is_a_new_users_request_over_the_users_last_fifty_events()
    {
        var inner = new RecordingClient();
        var client = new StatelessReencodingInferenceClient(inner);
        var grainState = new UserInterestState();
        var other = Update(Events(500, 5), exclusions: [7]);

        var updates = new (ClickEvent[] Fresh, int[] Exclusions)[] { (Events(1, 30), [3]), (Events(31, 30), [4, 5]), (Events(61, 2), []) };
        foreach (var (fresh, exclusions) in updates)
        {
            var expected = grainState.RecentEvents.Select(e => (e.ItemId, e.Type))
                .Concat(fresh.Select(e => (e.ItemId, e.Type))).TakeLast(InterestLimits.RecentItemsKept).ToArray();
            await client.InferAsync("a", Update(fresh, exclusions));
            await client.InferAsync("b", other);
            grainState.AppendRecentEvents(fresh);

            var sent = inner.Requests[^2];
            Assert.Empty(sent.Hidden);
            Assert.Empty(sent.Cell);
            Assert.Empty(sent.LongTerm);
            Assert.Equal(expected.Select(e => e.ItemId), sent.ItemIds);
            Assert.Equal(expected.Select(e => e.Type), sent.EventTypes);
            Assert.Equal(exclusions, sent.ExcludeItemIds);
            Assert.Equal(50, sent.TopK);
        }
        Assert.Equal(InterestLimits.RecentItemsKept, inner.Requests[^2].ItemIds.Length);
        Assert.Equal(15, inner.Requests[^1].ItemIds.Length);
    }

    [Fact]
    public async Task A_failed_update_leaves_the_window_as_it_was()
    {
        var inner = new RecordingClient();
        var client = new StatelessReencodingInferenceClient(inner);
        await client.InferAsync("a", Update(Events(1, 3), []));

        inner.FailNext = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.InferAsync("a", Update(Events(4, 2), [])));
        await client.InferAsync("a", Update(Events(4, 2), []));

        Assert.Equal([1, 2, 3, 4, 5], inner.Requests[^1].ItemIds);
    }

    private static InferenceRequest Update(ClickEvent[] fresh, int[] exclusions) =>
        new([0.5f], [0.5f], [0.1f], fresh.Select(e => e.ItemId).ToArray(), fresh.Select(e => e.Type).ToArray(), exclusions, 50);

    private static ClickEvent[] Events(int firstItem, int count) => Enumerable.Range(firstItem, count)
        .Select(item => new ClickEvent($"e-{item}", "user", item, (ClickEventType)(item % 4), 1_700_000_000_000 + item))
        .ToArray();

    private sealed class RecordingClient : IInferenceClient
    {
        public List<InferenceRequest> Requests { get; } = [];

        public bool FailNext { get; set; }

        public Task<InferenceResult> InferAsync(string userId, InferenceRequest request)
        {
            Requests.Add(request);
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("inference failed");
            }
            return Task.FromResult(new InferenceResult([], [], [], [], "test"));
        }

        public ValueTask<ServedModels> GetServedModelsAsync(bool refresh = false) =>
            ValueTask.FromResult(new ServedModels(new ModelDescription("test", 100, 4, 4, "cpu", "test"), null, 0));
    }
}
