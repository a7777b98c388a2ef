using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Placement;
using Interest.Inference;
using Interest.Testing;
using Interest.Training;
using Interest.Training.Data;
using Interest.Training.Evaluation;
using Interest.Training.Fitting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interest.Cluster.Tests.Served;

/// <summary>
/// A model file written by the trainer, served by a cluster: users replayed through their grains get the
/// recommendations the trainer's own evaluation path (and <see cref="SequenceEncoder"/>) computes from that file.
/// </summary>
public sealed class TrainedModelServedTests : IAsyncLifetime
{
    private const float Tolerance = 1e-4f;
    private const int StoredTopK = 20;
    private const int Users = 300;

    private readonly TemporaryDirectory _directory = new("interest-served-");
    private IReadOnlyList<UserSequence> _users = [];
    private InterestCluster _cluster = null!;

    private string ModelPath => _directory.File("served.model");

    public async Task InitializeAsync()
    {
        var options = new TrainingOptions
        {
            // Real sequences over a small catalogue; the users replayed below are read from the same file.
            Data = SharedDataSet.GamesSlice(Users),
            Out = ModelPath,
            Epochs = 1,
            EmbeddingSize = 16,
            HiddenSize = 16,
            Seed = 5,
            Threads = 2,
            Device = "cpu",
            Version = "served-test",
            // One candidate weight: the served file always carries the transition term, so the test covers it.
            TransitionWeights = "1",
        };
        using (new TrainingRun(options, NullLogger.Instance, new ProgressBar(TextWriter.Null, redraw: false)).Execute()) { }
        _users = InteractionFileReader.Read(options.Data);

        var metadata = ModelFile.ReadMetadata(ModelPath);
        var settings = TestSettings.Base(null, "served");
        settings["Inference:ModelPath"] = ModelPath;
        // The engine takes its dimensions from the file; the settings say the same so nothing disagrees.
        settings["Inference:ItemCount"] = metadata.ItemCount.ToString();
        settings["Inference:EmbeddingSize"] = metadata.EmbeddingSize.ToString();
        settings["Inference:HiddenSize"] = metadata.HiddenSize.ToString();
        settings["Users:StoredTopK"] = StoredTopK.ToString();
        _cluster = await InterestCluster.StartAsync(settings, silos: 2, firstSiloRoles: [SiloRoles.Inference], otherSiloRoles: []);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Replayed_users_get_the_recommendations_the_evaluator_computes_from_the_model_file()
    {
        var description = await _cluster.Client.GetGrain<IInferenceGrain>(0).Describe();
        Assert.Equal("served-test", description.Version);

        var (model, metadata) = ModelFile.Load(ModelPath);
        using (model)
        {
            model.eval();
            var prior = TransitionPrior.From(metadata);
            Assert.NotNull(prior);
            var scorer = new ModelScorer(model, transitionPrior: prior);
            // Histories within the grain's remembered recent items, so that it masks the whole history as the encoder does.
            var replayed = _users.Where(user => user.Items.Length is >= 4 and <= InterestLimits.RecentItemsKept).Take(4).ToList();
            Assert.Equal(4, replayed.Count);

            foreach (var user in replayed)
            {
                int[] history = user.Items[..^1]; // the test protocol's input: all but the last item
                string userId = $"served-{user.UserId}";
                var grain = _cluster.Client.GetGrain<IUserGrain>(userId);
                // A few events per call, offsets increasing, as the Kafka consumer delivers them.
                for (int start = 0; start < history.Length; start += 3)
                {
                    var events = history[start..Math.Min(history.Length, start + 3)]
                        .Select((item, i) => new DeliveredEvent(
                            new ClickEvent($"{userId}-{start + i}", userId, item, ClickEventType.Click, 1_700_000_000_000 + start + i), 0, start + i))
                        .ToArray();
                    var applied = await grain.ApplyEvents(events);
                    Assert.Equal(events.Length, applied.Applied);
                }
                var served = await grain.GetState();

                var encoded = SequenceEncoder.Encode(model, history, [.. history.Select(_ => ClickEventType.Click)], [], StoredTopK, prior);
                Assert.Equal(StoredTopK, served.Recommendations.Length);
                Assert.Equal(encoded.TopItems.Select(item => item.ItemId), served.Recommendations.Select(item => item.ItemId));

                using var evaluatorScores = scorer.Score([history]);
                float[] scores = evaluatorScores.data<float>().ToArray();
                foreach (var (recommended, expected) in served.Recommendations.Zip(encoded.TopItems))
                {
                    Assert.InRange(Math.Abs(recommended.Score - expected.Score), 0, Tolerance);
                    Assert.InRange(Math.Abs(recommended.Score - scores[recommended.ItemId]), 0, Tolerance);
                }
                Assert.DoesNotContain(served.Recommendations, item => history.Contains(item.ItemId));
            }
        }
    }
}
