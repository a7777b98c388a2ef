using Interest.Abstractions;
using Interest.Inference;
using Interest.Testing;
using Interest.Training.Data;
using Interest.Training.Evaluation;
using Interest.Training.Fitting;
using Interest.Training.Reporting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interest.Training.Tests;

/// <summary>Real training on the first users of the real data set (<see cref="SharedDataSet.GamesSlice"/>), small enough for a test.</summary>
[Collection(TorchGlobalState.Name)]
public sealed class TrainingRunTests
{
    private static TrainingOptions SliceOptions(TemporaryDirectory directory, int users, int epochs, int seed = 3) => new()
    {
        Data = SharedDataSet.GamesSlice(users),
        Out = directory.File("slice.model"),
        MaxUsers = users,
        Epochs = epochs,
        Patience = epochs,
        EmbeddingSize = 16,
        HiddenSize = 16,
        Seed = seed,
        Threads = 2,
        Device = "cpu",
        LearningRate = 0.005,
        TransitionWeights = "0",
    };

    private static TrainingOutcome Run(TrainingOptions options) =>
        new TrainingRun(options, NullLogger.Instance, new ProgressBar(TextWriter.Null, redraw: false)).Execute();

    [Fact]
    public async Task A_short_run_writes_a_loadable_model_metrics_and_a_plot_with_falling_loss_and_publishes_it()
    {
        using var directory = new TemporaryDirectory();
        var options = SliceOptions(directory, users: 500, epochs: 2);
        options.Publish = directory.File("registry");
        using var outcome = Run(options);
        var report = outcome.Report;

        Assert.Equal(2, report.Epochs.Count);
        Assert.True(report.Epochs[1].TrainingLoss < report.Epochs[0].TrainingLoss,
            $"loss went from {report.Epochs[0].TrainingLoss} to {report.Epochs[1].TrainingLoss}");
        // The epoch is picked on the full-ranking validation NDCG@10, and the refit runs exactly that many epochs.
        Assert.Equal(report.Epochs.MaxBy(epoch => epoch.Validation.Full.Ndcg)!.Epoch, report.BestEpoch);
        Assert.Equal(report.BestEpoch, report.RefitEpochs.Count);
        Assert.Equal(["interest-lstm", "interest-lstm-before-refit", "most-popular", "markov", "most-popular-through-validation",
            "markov-through-validation"], report.Results.Select(result => result.Model));
        Assert.Null(report.Results[0].Validation);
        Assert.NotNull(report.Results[1].Validation);
        Assert.True(report.EvaluatedUsers > 450);

        using (var metrics = MetricsReport.Read(options.MetricsPath))
        {
            var root = metrics.RootElement;
            Assert.Equal(2, root.GetProperty("epochs").GetArrayLength());
            Assert.Equal(report.BestEpoch, root.GetProperty("refitEpochs").GetArrayLength());
            Assert.Equal(report.EvaluatedUsers, root.GetProperty("evaluatedUsers").GetInt32());
            var model = root.GetProperty("results")[0];
            Assert.Equal("interest-lstm", model.GetProperty("model").GetString());
            Assert.Equal(report.Results[0].Test.Sampled.Ndcg, model.GetProperty("test").GetProperty("sampled").GetProperty("ndcg").GetDouble(), 12);
        }

        AssertPng(options.PlotPath, TrainingPlot.Width, TrainingPlot.Height);

        var (loaded, metadata) = ModelFile.Load(options.Out);
        using (loaded)
        {
            loaded.eval();
            Assert.Equal(report.Version, metadata.Version);
            Assert.Equal(report.Results[0].Test.Sampled.Ndcg, metadata.TrainingMetrics!["test_sampled_ndcg@10"], 12);
            Assert.Equal(metadata.ItemCount + 1, metadata.ItemPopularity!.Count);
            Assert.True(metadata.ItemPopularity.Sum() > 0);

            int[] history = [42, 7, 513, 5, 17];
            var inMemory = SequenceEncoder.Encode(outcome.Model, history, [.. history.Select(_ => ClickEventType.Click)], [], 20);
            var fromFile = SequenceEncoder.Encode(loaded, history, [.. history.Select(_ => ClickEventType.Click)], [], 20);
            Assert.Equal(inMemory.Scores, fromFile.Scores);
            Assert.Equal(inMemory.TopItems, fromFile.TopItems);

            // The loaded model gives the same test figures as the run reported.
            var sequences = InteractionFileReader.Read(options.Data, options.MaxUsers);
            var evaluator = new Evaluator(EvaluationSet.Draw(LeaveOneOutSplit.Build(sequences), options.Negatives, options.Seed));
            var again = evaluator.Evaluate(new ModelScorer(loaded), EvaluationStage.Test);
            Assert.Equal(report.Results[0].Test.Sampled.Ndcg, again.Sampled.Ndcg, 6);
            Assert.Equal(report.Results[0].Test.Full.Ndcg, again.Full.Ndcg, 6);
        }

        // --publish: the file as written goes to the registry, and as the first version there it is current.
        var (published, isCurrent) = await RegistryPublication.PublishAsync(options);
        Assert.True(isCurrent);
        Assert.Equal(report.Version, published.Version);
        Assert.Equal(report.Results[0].Test.Sampled.Ndcg, published.TrainingMetrics!["test_sampled_ndcg@10"], 12);
        Assert.Equal(File.ReadAllBytes(options.Out), File.ReadAllBytes(Path.Combine(options.Publish, $"{report.Version}.model")));
        Assert.Equal($"published {report.Version} to {options.Publish}: it is the current version", RegistryPublication.Describe(published, isCurrent, options.Publish));
    }

    [Fact]
    public void The_same_seed_gives_the_same_loss_and_another_seed_does_not()
    {
        using var directory = new TemporaryDirectory();
        double LossWith(int seed)
        {
            using var outcome = Run(SliceOptions(directory, users: 300, epochs: 1, seed: seed));
            return outcome.Report.Epochs.Single().TrainingLoss;
        }

        double first = LossWith(seed: 11);
        double second = LossWith(seed: 11);
        double other = LossWith(seed: 12);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void The_refit_learns_the_validation_items_and_can_be_turned_off()
    {
        using var directory = new TemporaryDirectory();
        var refitOptions = SliceOptions(directory, users: 300, epochs: 1);
        refitOptions.MaxLength = 1000;
        using var refitted = Run(refitOptions);
        var noRefitOptions = SliceOptions(directory, users: 300, epochs: 1);
        noRefitOptions.MaxLength = 1000;
        noRefitOptions.Refit = false;
        noRefitOptions.Out = directory.File("no-refit.model");
        using var selectionOnly = Run(noRefitOptions);

        // Same seed and schedule: the refit differs from the selection run only by the validation items it trains on,
        // one more target per evaluated user.
        Assert.Equal(refitted.Report.TrainingPositions + refitted.Report.EvaluatedUsers, refitted.Report.RefitPositions);
        Assert.NotEqual(refitted.Report.Epochs[0].TrainingLoss, refitted.Report.RefitEpochs[0].TrainingLoss);
        Assert.Equal(refitted.Report.Result(TrainingRun.SelectionModelName).Test, selectionOnly.Report.Result(TrainingRun.ModelName).Test);
        Assert.Empty(selectionOnly.Report.RefitEpochs);
        Assert.DoesNotContain(selectionOnly.Report.Results, result => result.Model == TrainingRun.SelectionModelName);
        Assert.NotNull(selectionOnly.Report.Result(TrainingRun.ModelName).Validation);
    }

    [Fact]
    public void Select_on_sampled_picks_the_epoch_with_the_best_sampled_validation_ndcg()
    {
        using var directory = new TemporaryDirectory();
        var options = SliceOptions(directory, users: 300, epochs: 3);
        options.SelectOn = TrainingOptions.SampledSelection;
        options.Refit = false;
        using var outcome = Run(options);
        var epochs = outcome.Report.Epochs;
        Assert.Equal(epochs.MaxBy(epoch => epoch.Validation.Sampled.Ndcg)!.Epoch, outcome.Report.BestEpoch);
        Assert.Equal(epochs.Single(epoch => epoch.Epoch == outcome.Report.BestEpoch).Validation,
            outcome.Report.Result(TrainingRun.ModelName).Validation);
    }

    [Fact]
    public void The_transition_weight_is_picked_on_validation_and_served_with_the_counts_through_validation()
    {
        using var directory = new TemporaryDirectory();
        var options = SliceOptions(directory, users: 400, epochs: 1);
        options.TransitionWeights = "0, 0.5, 3";
        using var outcome = Run(options);
        var report = outcome.Report;

        Assert.Equal([0, 0.5, 3], report.Transitions.Trials.Select(trial => trial.Weight));
        var best = report.Transitions.Trials.MaxBy(trial => trial.Validation.Full.Ndcg)!;
        Assert.Equal(best.Weight, report.Transitions.Weight);
        // Weight 0 is the selection model alone, as validated at its best epoch; the others differ from it.
        Assert.Equal(report.Epochs.Single(epoch => epoch.Epoch == report.BestEpoch).Validation, report.Transitions.Trials[0].Validation);
        Assert.NotEqual(report.Transitions.Trials[0].Validation, report.Transitions.Trials[2].Validation);
        Assert.True(report.Transitions.Weight > 0, "on this slice the counts should help a one-epoch model");

        Assert.Equal(["interest-lstm", "interest-lstm-without-transitions", "interest-lstm-before-refit",
            "interest-lstm-before-refit-without-transitions", "most-popular", "markov", "most-popular-through-validation",
            "markov-through-validation"], report.Results.Select(result => result.Model));
        Assert.Equal(best.Validation, report.Result(TrainingRun.SelectionModelName).Validation);
        Assert.NotEqual(report.Result(TrainingRun.ModelName).Test, report.Result(TrainingRun.ModelName + TrainingRun.WithoutTransitionsSuffix).Test);

        var sequences = InteractionFileReader.Read(options.Data, options.MaxUsers);
        var split = LeaveOneOutSplit.Build(sequences);
        var (loaded, metadata) = ModelFile.Load(options.Out);
        using (loaded)
        {
            // The served counts include every user's validation item, like the refitted network.
            Assert.Equal(report.Transitions.Weight, metadata.TransitionWeight);
            var expected = ItemTransitions.Count(split.SequencesThroughValidation(), split.ItemCount);
            Assert.Equal(expected.Offsets, metadata.Transitions!.Offsets);
            Assert.Equal(expected.Next, metadata.Transitions.Next);
            Assert.Equal(expected.Counts, metadata.Transitions.Counts);

            // The file with its term reproduces the served model's reported test figures.
            var evaluator = new Evaluator(EvaluationSet.Draw(split, options.Negatives, options.Seed));
            var again = evaluator.Evaluate(new ModelScorer(loaded, transitionPrior: TransitionPrior.From(metadata)), EvaluationStage.Test);
            Assert.Equal(report.Result(TrainingRun.ModelName).Test.Sampled.Ndcg, again.Sampled.Ndcg, 6);
            Assert.Equal(report.Result(TrainingRun.ModelName).Test.Full.Ndcg, again.Full.Ndcg, 6);
        }
    }

    [Fact]
    public void Averaging_changes_what_is_validated_and_served_but_not_the_training_itself()
    {
        using var directory = new TemporaryDirectory();
        TrainingOutcome RunWithDecay(double decay, string name)
        {
            var options = SliceOptions(directory, users: 300, epochs: 2, seed: 5);
            options.Out = directory.File(name);
            options.Refit = false;
            options.WeightAverageDecay = decay;
            return Run(options);
        }

        using var plain = RunWithDecay(0, "plain.model");
        using var averaged = RunWithDecay(0.9, "averaged.model");

        Assert.Equal(plain.Report.Epochs.Select(epoch => epoch.TrainingLoss), averaged.Report.Epochs.Select(epoch => epoch.TrainingLoss));
        Assert.NotEqual(plain.Report.Epochs[^1].Validation, averaged.Report.Epochs[^1].Validation);
        Assert.NotEqual(plain.Report.Result(TrainingRun.ModelName).Test, averaged.Report.Result(TrainingRun.ModelName).Test);
    }

    [Fact]
    public void Dropout_is_only_active_in_training_mode()
    {
        using var model = new InterestModel(50, 8, 8, seed: 1) { TrainingDropout = 0.5 };
        int[] history = [3, 9, 27, 4];
        ClickEventType[] types = [.. history.Select(_ => ClickEventType.Click)];

        model.eval();
        var first = SequenceEncoder.Encode(model, history, types, [], 5);
        var second = SequenceEncoder.Encode(model, history, types, [], 5);
        Assert.Equal(first.Scores, second.Scores);

        model.train();
        using var items = TorchSharp.torch.tensor(history.Select(item => (long)item).ToArray(), [1, history.Length]);
        using var eventTypes = TorchSharp.torch.full_like(items, (long)ClickEventType.Click);
        using var training = model.RunSequence(items, eventTypes);
        model.eval();
        using var evaluation = model.RunSequence(items, eventTypes);
        Assert.False(training.Combined.allclose(evaluation.Combined), "dropout should change the training-mode output");
    }

    private static void AssertPng(string path, int width, int height)
    {
        using var bitmap = PngAssert.Decodes(File.ReadAllBytes(path), width, height);
        Assert.True(PngAssert.Colours(bitmap) > 50, "the plot is blank");
    }
}
