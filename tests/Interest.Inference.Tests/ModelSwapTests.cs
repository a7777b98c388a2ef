using Interest.Abstractions;
using Interest.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace Interest.Inference.Tests;

public sealed class ModelSwapTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Each_request_is_computed_by_the_version_it_names_even_when_a_batch_mixes_versions()
    {
        string first = SaveModel("v1", hiddenSize: 24, seed: 3);
        string second = SaveModel("v2", hiddenSize: 16, seed: 5);
        await using var engine = TestEngines.Create(Serving(first));
        engine.Serve(engine.Find("v1")!, engine.Load(second), canaryShare: 0.5);

        var random = new Random(9);
        var requests = Enumerable.Range(0, 40).Select(i =>
        {
            var (items, types) = TestData.RandomEvents(random, 1 + i % 5, 300);
            return new InferenceRequest([], [], [], items, types, [], 10, i % 2 == 0 ? "v1" : "v2");
        }).ToArray();
        var results = await Task.WhenAll(requests.Select(request => engine.InferAsync(request)));

        Assert.True(engine.Statistics.BatchesOfMoreThanOne > 0, "the requests were batched together");
        for (int i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            var result = results[i];
            Assert.Equal(request.ModelVersion, result.ModelVersion);
            Assert.Equal(request.ModelVersion == "v1" ? 24 : 16, result.Hidden.Length);
            var alone = engine.EncodeSequence(request.ItemIds, request.EventTypes, [], 10, request.ModelVersion);
            Assert.True(TestData.MaxAbsDifference(alone.Hidden, result.Hidden) <= TestData.Tolerance);
        }
    }

    [Fact]
    public async Task A_state_is_refused_by_a_version_it_does_not_fit_and_an_unknown_version_is_unavailable()
    {
        string first = SaveModel("v1", hiddenSize: 24, seed: 3);
        string second = SaveModel("v2", hiddenSize: 16, seed: 5);
        await using var engine = TestEngines.Create(Serving(first));
        var fromFirst = await engine.InferAsync(new InferenceRequest([], [], [], [4, 5], [ClickEventType.View, ClickEventType.Click], [], 10, "v1"));
        engine.Serve(engine.Load(second), null, 0);

        var stale = new InferenceRequest(fromFirst.Hidden, fromFirst.Cell, fromFirst.LongTerm, [6], [ClickEventType.View], [], 10, "v2");
        await Assert.ThrowsAsync<ArgumentException>(() => engine.InferAsync(stale));
        var unavailable = await Assert.ThrowsAsync<ModelVersionUnavailableException>(() => engine.InferAsync(stale with { ModelVersion = "v1" }));
        Assert.Equal("v1", unavailable.Version);
        Assert.Equal("v2", engine.Description.Version);
        Assert.Equal("v2", (await engine.InferAsync(stale with { Hidden = [], Cell = [], LongTerm = [] })).ModelVersion);
    }

    [Fact]
    public async Task A_switch_waits_for_the_running_batch_and_fails_requests_queued_for_the_retired_version()
    {
        string first = SaveModel("v1", hiddenSize: 24, seed: 3);
        string second = SaveModel("v2", hiddenSize: 24, seed: 5);
        BatchedInferenceEngine? engine = null;
        ServedModel? next = null;
        var secondQueued = new ManualResetEventSlim();
        int batches = 0;
        engine = new BatchedInferenceEngine(Options.Create(Serving(first, maxBatchWaitMs: 0.1)),
            NullLogger<BatchedInferenceEngine>.Instance, meterFactory: null, afterEachBatch: () =>
            {
                if (Interlocked.Increment(ref batches) != 1) return;
                // The first batch is still running (under the model lock) when the switch comes.
                secondQueued.Wait(TimeSpan.FromSeconds(10));
                engine!.Serve(next!, null, 0);
            });
        await using (engine)
        {
            next = engine.Load(second);
            var running = engine.InferAsync(new InferenceRequest([], [], [], [1], [ClickEventType.View], [], 5, "v1"));
            await Eventually.Until(() => Volatile.Read(ref batches) == 1, TimeSpan.FromSeconds(10), () => "the first batch running");
            var queued = engine.InferAsync(new InferenceRequest([], [], [], [2], [ClickEventType.View], [], 5, "v1"));
            secondQueued.Set();

            Assert.Equal("v1", (await running).ModelVersion);
            await Assert.ThrowsAsync<ModelVersionUnavailableException>(() => queued);
            Assert.Equal("v2", (await engine.InferAsync(new InferenceRequest([], [], [], [2], [ClickEventType.View], [], 5))).ModelVersion);
        }
    }

    [Fact]
    public async Task A_file_whose_weights_do_not_compute_is_refused_and_the_served_version_stays()
    {
        string first = SaveModel("v1", hiddenSize: 24, seed: 3);
        string broken = SaveModel("v2-nan", hiddenSize: 24, seed: 5, poison: true);
        await using var engine = TestEngines.Create(Serving(first));

        var refused = Assert.Throws<InvalidDataException>(() => engine.Load(broken));
        Assert.Contains("not finite", refused.Message);
        File.WriteAllBytes(_directory.File("truncated.model"), File.ReadAllBytes(first)[..200]);
        Assert.Throws<InvalidDataException>(() => engine.Load(_directory.File("truncated.model")));

        Assert.Equal("v1", engine.Served.Current.Version);
        Assert.Null(engine.Served.Candidate);
        Assert.Equal("v1", (await engine.InferAsync(new InferenceRequest([], [], [], [1], [ClickEventType.View], [], 5))).ModelVersion);
    }

    [Fact]
    public void The_canary_takes_about_its_share_of_users_and_raising_it_only_adds_users()
    {
        var users = Enumerable.Range(0, 20_000).Select(i => $"user-{i}").ToArray();
        var tenth = users.Where(user => ServedModels.IsCanaryUser(user, 0.1)).ToHashSet();
        var fifth = users.Where(user => ServedModels.IsCanaryUser(user, 0.2)).ToHashSet();

        Assert.InRange(tenth.Count, 1_800, 2_200);
        Assert.InRange(fifth.Count, 3_700, 4_300);
        Assert.Subset(fifth, tenth);
        Assert.DoesNotContain(users, user => ServedModels.IsCanaryUser(user, 0));
        Assert.All(users, user => Assert.True(ServedModels.IsCanaryUser(user, 1)));
    }

    private static InferenceOptions Serving(string modelPath, double maxBatchWaitMs = 5)
    {
        var options = TestEngines.SmallOptions(itemCount: 300, maxBatchWaitMs: maxBatchWaitMs);
        options.ModelPath = modelPath;
        return options;
    }

    private string SaveModel(string version, int hiddenSize, int seed, bool poison = false)
    {
        using var model = new InterestModel(300, 32, hiddenSize, seed);
        if (poison)
        {
            using var noGrad = no_grad();
            model.parameters().First().fill_(float.NaN);
        }
        string path = _directory.File($"{version}.model");
        ModelFile.Save(path, model, ModelMetadata.For(model, version));
        return path;
    }
}
