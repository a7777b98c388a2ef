using Interest.Abstractions;

namespace Interest.Inference.Tests;

public sealed class EngineValidationTests
{
    private static InferenceRequest Good(int item) => new([], [], [], [item], [ClickEventType.View], [], 5);

    public static TheoryData<string, InferenceRequest> BadRequests() => new()
    {
        { "ItemIds", new InferenceRequest([], [], [], [0], [ClickEventType.View], [], 5) },
        { "ItemIds", new InferenceRequest([], [], [], [601], [ClickEventType.View], [], 5) },
        { "Hidden", new InferenceRequest(new float[23], [], [], [1], [ClickEventType.View], [], 5) },
        { "Cell", new InferenceRequest([], new float[25], [], [1], [ClickEventType.View], [], 5) },
        { "LongTerm", new InferenceRequest([], [], new float[24], [1], [ClickEventType.View], [], 5) },
        { "Hidden", new InferenceRequest([float.NaN, .. new float[23]], [], [], [1], [ClickEventType.View], [], 5) },
        { "EventTypes", new InferenceRequest([], [], [], [1, 2], [ClickEventType.View], [], 5) },
        { "EventTypes", new InferenceRequest([], [], [], [1], [(ClickEventType)4], [], 5) },
        { "ExcludeItemIds", new InferenceRequest([], [], [], [1], [ClickEventType.View], [700], 5) },
        { "TopK", new InferenceRequest([], [], [], [1], [ClickEventType.View], [], 0) },
        { "TopK", new InferenceRequest([], [], [], [1], [ClickEventType.View], [], InterestLimits.MaxTopK + 1) },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_throws_ArgumentException_naming_what_is_wrong(string field, InferenceRequest request)
    {
        await using var engine = TestEngines.Create(itemCount: 600);

        var exception = await Assert.ThrowsAnyAsync<ArgumentException>(() => engine.InferAsync(request));

        Assert.Contains(field, exception.Message);
        Assert.Equal(0, engine.Statistics.Requests);
    }

    [Fact]
    public async Task Bad_requests_among_concurrent_good_ones_fail_alone_and_the_good_ones_succeed()
    {
        await using var engine = TestEngines.Create(itemCount: 600, maxBatchWaitMs: 20);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var good = Enumerable.Range(1, 60).Select(i => Task.Run(async () => { await start.Task; return await engine.InferAsync(Good(i)); })).ToArray();
        var bad = new[]
        {
            Task.Run(async () => { await start.Task; return await engine.InferAsync(Good(601)); }),
            Task.Run(async () => { await start.Task; return await engine.InferAsync(new InferenceRequest(new float[3], [], [], [1], [ClickEventType.View], [], 5)); }),
        };
        start.SetResult();

        foreach (var call in bad) await Assert.ThrowsAnyAsync<ArgumentException>(() => call);
        var results = await Task.WhenAll(good);

        Assert.All(results, result => Assert.Equal(5, result.TopItems.Length));
        Assert.Equal(60, engine.Statistics.Requests);
        Assert.True(engine.Statistics.BatchesOfMoreThanOne > 0);
    }

    [Fact]
    public void Options_the_engine_cannot_serve_with_are_rejected_at_construction()
    {
        var options = TestEngines.SmallOptions();
        options.Device = "gpu-please";
        options.MaxBatchSize = 0;

        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => TestEngines.Create(options));

        Assert.Contains("Inference:Device", exception.Message);
        Assert.Contains("Inference:MaxBatchSize", exception.Message);
    }
}
