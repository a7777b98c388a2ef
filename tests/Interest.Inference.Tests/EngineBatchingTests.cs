using Interest.Abstractions;

namespace Interest.Inference.Tests;

public sealed class EngineBatchingTests
{
    private static InferenceRequest RandomRequest(Random random, InferenceOptions options)
    {
        bool newUser = random.Next(4) == 0;
        int eventCount = random.Next(0, 9);
        var (items, types) = TestData.RandomEvents(random, eventCount, options.ItemCount);
        var exclude = Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next(1, options.ItemCount + 1)).ToArray();
        return new InferenceRequest(
            newUser ? [] : TestData.RandomVector(random, options.HiddenSize),
            newUser ? [] : TestData.RandomVector(random, options.HiddenSize),
            newUser ? [] : TestData.RandomVector(random, options.EmbeddingSize, 0.1f),
            items,
            types,
            exclude,
            random.Next(1, 31));
    }

    [Fact]
    public async Task Concurrent_requests_are_batched_and_each_gets_the_result_it_would_get_alone()
    {
        var options = TestEngines.SmallOptions(maxBatchWaitMs: 20);
        var aloneOptions = TestEngines.SmallOptions(maxBatchSize: 1, maxBatchWaitMs: 0);
        await using var engine = TestEngines.Create(options);
        await using var aloneEngine = TestEngines.Create(aloneOptions);
        var random = new Random(2024);
        var requests = Enumerable.Range(0, 200).Select(_ => RandomRequest(random, options)).ToArray();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = requests.Select(request => Task.Run(async () =>
        {
            await start.Task;
            return await engine.InferAsync(request);
        })).ToArray();
        start.SetResult();
        var batched = await Task.WhenAll(calls);

        var statistics = engine.Statistics;
        Assert.Equal(200, statistics.Requests);
        Assert.Equal(requests.Sum(r => (long)r.ItemIds.Length), statistics.Events);
        Assert.True(statistics.BatchesOfMoreThanOne > 0, $"no batch had more than one request: {statistics}");
        Assert.True(statistics.LargestBatch > 1, $"largest batch was {statistics.LargestBatch}");
        Assert.True(statistics.Batches < 200, $"200 requests took {statistics.Batches} batches");

        for (int i = 0; i < requests.Length; i++)
        {
            var alone = await aloneEngine.InferAsync(requests[i]);
            TestData.AssertClose(alone.Hidden, batched[i].Hidden, $"request {i} h");
            TestData.AssertClose(alone.Cell, batched[i].Cell, $"request {i} c");
            TestData.AssertClose(alone.LongTerm, batched[i].LongTerm, $"request {i} u");
            TestData.AssertSameRanking(alone.TopItems, batched[i].TopItems, $"request {i} top items");
            Assert.Equal(requests[i].TopK, batched[i].TopItems.Length);
        }
        Assert.Equal(1, aloneEngine.Statistics.LargestBatch);
    }

    [Fact]
    public async Task A_new_users_events_through_the_engine_match_the_whole_sequence_encoding()
    {
        await using var engine = TestEngines.Create();
        var random = new Random(77);
        var (items, types) = TestData.RandomEvents(random, 25, engine.Description.ItemCount);

        // Events arrive in three requests, each continuing from the state the last one returned.
        InferenceResult? result = null;
        foreach (var (from, to) in new[] { (0, 1), (1, 10), (10, 25) })
        {
            result = await engine.InferAsync(new InferenceRequest(
                result?.Hidden ?? [], result?.Cell ?? [], result?.LongTerm ?? [], items[from..to], types[from..to], items[..from], 40));
        }
        var encoded = engine.EncodeSequence(items, types, [], 40);

        TestData.AssertClose(encoded.Hidden, result!.Hidden, "h");
        TestData.AssertClose(encoded.Cell, result.Cell, "c");
        TestData.AssertClose(encoded.LongTerm, result.LongTerm, "u");
        TestData.AssertSameRanking(encoded.TopItems, result.TopItems, "top items");
    }

    [Fact]
    public async Task A_request_without_events_keeps_the_state_and_only_rescores()
    {
        await using var engine = TestEngines.Create();
        var random = new Random(3);
        var hidden = TestData.RandomVector(random, 24);
        var cell = TestData.RandomVector(random, 24);
        var longTerm = TestData.RandomVector(random, 32, 0.1f);

        var result = await engine.InferAsync(new InferenceRequest(hidden, cell, longTerm, [], [], [], 10));

        Assert.Equal(hidden, result.Hidden);
        Assert.Equal(cell, result.Cell);
        Assert.Equal(longTerm, result.LongTerm);
        Assert.Equal(10, result.TopItems.Length);
        Assert.Equal(engine.Description.Version, result.ModelVersion);
    }

    [Fact]
    public async Task Description_tells_an_untrained_model_from_its_seed()
    {
        await using var engine = TestEngines.Create(seed: 5);
        var description = engine.Description;

        Assert.Equal("cpu", description.Device);
        Assert.Equal(600, description.ItemCount);
        Assert.Equal(32, description.EmbeddingSize);
        Assert.Equal(24, description.HiddenSize);
        Assert.Equal("fresh (untrained, seed 5)", description.Source);
    }

    [Fact]
    public async Task Disposing_finishes_queued_requests_and_then_refuses_new_ones()
    {
        var engine = TestEngines.Create(maxBatchWaitMs: 50);
        var queued = Enumerable.Range(1, 20)
            .Select(i => engine.InferAsync(new InferenceRequest([], [], [], [i], [ClickEventType.Click], [], 5)))
            .ToArray();

        await engine.DisposeAsync();

        Assert.All(await Task.WhenAll(queued), result => Assert.Equal(5, result.TopItems.Length));
        await Assert.ThrowsAsync<ObjectDisposedException>(
            () => engine.InferAsync(new InferenceRequest([], [], [], [1], [ClickEventType.Click], [], 5)));
        Assert.Throws<ObjectDisposedException>(() => engine.SimilarItems(1, 3));
    }

    [Fact]
    public async Task A_cancelled_caller_is_answered_and_the_batcher_goes_on()
    {
        await using var engine = TestEngines.Create();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => engine.InferAsync(new InferenceRequest([], [], [], [1], [ClickEventType.View], [], 5), cancelled.Token));
        var result = await engine.InferAsync(new InferenceRequest([], [], [], [2], [ClickEventType.View], [], 5));
        Assert.Equal(5, result.TopItems.Length);
    }
}
