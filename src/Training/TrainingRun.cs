using System.Diagnostics;
using System.Globalization;
using Interest.Inference;
using Interest.Training.Data;
using Interest.Training.Evaluation;
using Interest.Training.Fitting;
using Interest.Training.Reporting;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Interest.Training;

/// <summary>
/// One whole run: read and split the interactions, draw the evaluation negatives, evaluate the baselines, train the
/// model with early stopping on the validation targets (the selection run), refit a fresh model for the picked number of
/// epochs on the training parts plus the validation items, evaluate both on the same draw, and write the served
/// (refitted) model file, the metrics JSON and the plot. Between the two fits the weight of the item-transition term
/// (<see cref="TransitionPrior"/>) is picked on the validation targets.
/// </summary>
public sealed class TrainingRun(TrainingOptions options, ILogger logger, ProgressBar progress)
{
    /// <summary>The served model: the refitted one, or the selection run's when refitting is off.</summary>
    public const string ModelName = "interest-lstm";

    /// <summary>The model of the selection run (training parts only), reported beside the refitted one.</summary>
    public const string SelectionModelName = "interest-lstm-before-refit";

    /// <summary>Appended to a model's name for its figures without the transition term.</summary>
    public const string WithoutTransitionsSuffix = "-without-transitions";

    /// <summary>Runs everything and writes the outputs; the caller owns the returned model.</summary>
    public TrainingOutcome Execute()
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        int threads = options.Threads == 0 ? Environment.ProcessorCount : options.Threads;
        torch.set_num_threads(threads);
        var device = TorchDevices.Resolve(options.Device);
        TrainingLog.Started(logger, TorchDevices.Describe(device), threads, options.EmbeddingSize, options.HiddenSize, options.Seed);

        var sequences = InteractionFileReader.Read(options.Data, options.MaxUsers);
        var split = LeaveOneOutSplit.Build(sequences);
        var popularity = split.TrainingPopularity();
        var trainingSequences = split.TrainingSequences();
        var batches = new TrainingBatches(trainingSequences, options.MaxLength, options.BatchPositions);
        TrainingLog.DataRead(logger, split.Users.Count, sequences.Sum(s => (long)s.Items.Length), split.ItemCount,
            options.Data, split.EvaluatedUsers.Count, batches.Positions);

        var evaluator = new Evaluator(EvaluationSet.Draw(split, options.Negatives, options.Seed), options.EvaluationBatchSize);
        var results = new List<ModelResult>
        {
            Evaluate(evaluator, new PopularityScorer(popularity)),
            Evaluate(evaluator, new MarkovScorer(trainingSequences, popularity)),
            // The same baselines counted through the validation items, as the data README's reference figures were measured.
            EvaluateTestOnly(evaluator, new PopularityScorer(split.PopularityThroughValidation()), "most-popular-through-validation"),
            EvaluateTestOnly(evaluator,
                new MarkovScorer(split.SequencesThroughValidation(), split.PopularityThroughValidation()), "markov-through-validation"),
        };

        var trainer = new ModelTrainer(options, logger, progress);
        var selection = NewModel(split.ItemCount, device);
        try
        {
            var epochScorer = new ModelScorer(selection, SelectionModelName);
            var history = trainer.Train(selection, batches, _ => evaluator.Evaluate(epochScorer, EvaluationStage.Validation));

            // The transition term's weight is picked like the epoch: on the validation targets, with counts from the
            // training parts only, so that no validation transition is counted.
            var trainingTransitions = ItemTransitions.Count(trainingSequences, split.ItemCount);
            var search = SearchTransitionWeight(evaluator, selection, trainingTransitions, history.Best.Validation);
            var picked = search.MaxBy(trial => options.SelectionNdcg(trial.Validation))!;
            double weight = picked.Weight;
            TrainingLog.TransitionWeightPicked(logger, weight, options.SelectionNdcg(picked.Validation));

            string selectionName = options.Refit ? SelectionModelName : ModelName;
            var selectionPrior = weight > 0 ? new TransitionPrior(trainingTransitions, weight) : null;
            results.InsertRange(0, EvaluateWithAndWithoutTransitions(evaluator, selection, selectionName, selectionPrior,
                picked.Validation, history.Best.Validation));
            var transitions = new TransitionSearch(weight, search);
            if (!options.Refit)
            {
                var report = Write(selection, selectionPrior, split, batches, popularity, results, history, transitions, [], 0, 0, device, threads, clock);
                return new TrainingOutcome(report, selection, selectionPrior);
            }

            // The picked number of epochs, now with every user's validation item as one more training target: the
            // most recent transition before the test target, which the selection run had to hold out.
            var refitBatches = new TrainingBatches(split.SequencesThroughValidation(), options.MaxLength, options.BatchPositions);
            TrainingLog.RefitStarted(logger, history.BestEpoch, refitBatches.Positions);
            var refitted = NewModel(split.ItemCount, device);
            try
            {
                var refitClock = Stopwatch.StartNew();
                var refitEpochs = trainer.Refit(refitted, refitBatches, history.BestEpoch);
                double refitSeconds = refitClock.Elapsed.TotalSeconds;
                var servedPrior = weight > 0
                    ? new TransitionPrior(ItemTransitions.Count(split.SequencesThroughValidation(), split.ItemCount), weight)
                    : null;
                results.InsertRange(0, EvaluateWithAndWithoutTransitions(evaluator, refitted, ModelName, servedPrior, null, null));
                var report = Write(refitted, servedPrior, split, batches, popularity, results, history, transitions, refitEpochs,
                    refitBatches.Positions, refitSeconds, device, threads, clock);
                selection.Dispose();
                return new TrainingOutcome(report, refitted, servedPrior);
            }
            catch
            {
                refitted.Dispose();
                throw;
            }
        }
        catch
        {
            selection.Dispose();
            throw;
        }
    }

    /// <summary>The validation figures of every candidate weight; weight 0 is the model alone (already measured).</summary>
    private List<TransitionWeightTrial> SearchTransitionWeight(Evaluator evaluator, InterestModel model, ItemTransitions transitions,
        StageMetrics modelAlone)
    {
        var trials = new List<TransitionWeightTrial>();
        foreach (double weight in options.TransitionWeightCandidates)
        {
            var validation = weight == 0
                ? modelAlone
                : evaluator.Evaluate(new ModelScorer(model, SelectionModelName, new TransitionPrior(transitions, weight)), EvaluationStage.Validation);
            TrainingLog.TransitionWeightTried(logger, weight, validation.Sampled.Ndcg, validation.Full.Ndcg);
            trials.Add(new TransitionWeightTrial(weight, validation));
        }
        return trials;
    }

    /// <summary>
    /// The model as served (with the term when there is one) under <paramref name="name"/>, and, when there is a term,
    /// the model alone beside it as <c>name-without-transitions</c>. The validation figures are given (null for a model
    /// trained on the validation items): <paramref name="servedValidation"/> with the term, <paramref name="aloneValidation"/>
    /// without.
    /// </summary>
    private List<ModelResult> EvaluateWithAndWithoutTransitions(Evaluator evaluator, InterestModel model, string name, TransitionPrior? prior,
        StageMetrics? servedValidation, StageMetrics? aloneValidation)
    {
        var served = new ModelResult(name, servedValidation, evaluator.Evaluate(new ModelScorer(model, name, prior), EvaluationStage.Test));
        Log(served);
        if (prior is null) return [served];
        var alone = new ModelResult(name + WithoutTransitionsSuffix, aloneValidation,
            evaluator.Evaluate(new ModelScorer(model, name + WithoutTransitionsSuffix), EvaluationStage.Test));
        Log(alone);
        return [served, alone];
    }

    /// <summary>A freshly initialised model; the same seed gives the same weights and the same dropout draws.</summary>
    private InterestModel NewModel(int itemCount, torch.Device device)
    {
        torch.manual_seed(options.Seed);
        return new InterestModel(itemCount, options.EmbeddingSize, options.HiddenSize, options.Seed, device);
    }

    private TrainingReport Write(InterestModel served, TransitionPrior? servedPrior, LeaveOneOutSplit split, TrainingBatches batches,
        double[] popularity, List<ModelResult> results, TrainingHistory history, TransitionSearch transitions,
        IReadOnlyList<RefitEpochRecord> refitEpochs, long refitPositions, double refitSeconds, torch.Device device, int threads, Stopwatch clock)
    {
        string version = options.Version
            ?? $"{Path.GetFileNameWithoutExtension(options.Out)}-seed{options.Seed}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}";
        var report = new TrainingReport(version, options.Data, TorchDevices.Describe(device), threads, options.Seed,
            split.Users.Count, split.EvaluatedUsers.Count, split.ItemCount, batches.Positions, options.Negatives, options,
            history.Epochs, history.BestEpoch, history.StoppedEarly, history.Seconds, transitions, refitEpochs, refitPositions, refitSeconds,
            clock.Elapsed.TotalSeconds, results);

        ModelFile.Save(options.Out, served, ModelMetadata.For(served, version) with
        {
            TrainingMetrics = MetadataMetrics(report),
            ItemPopularity = popularity,
            Transitions = servedPrior?.Transitions,
            TransitionWeight = servedPrior?.Weight ?? 0,
        });
        MetricsReport.Write(options.MetricsPath, report);
        TrainingPlot.Write(options.PlotPath, history, refitEpochs);
        TrainingLog.Wrote(logger, options.Out, options.MetricsPath, options.PlotPath, clock.Elapsed.TotalSeconds);
        return report;
    }

    private ModelResult Evaluate(Evaluator evaluator, IItemScorer scorer)
    {
        var result = new ModelResult(scorer.Name,
            evaluator.Evaluate(scorer, EvaluationStage.Validation), evaluator.Evaluate(scorer, EvaluationStage.Test));
        Log(result);
        return result;
    }

    private ModelResult EvaluateTestOnly(Evaluator evaluator, IItemScorer scorer, string name)
    {
        var result = new ModelResult(name, null, evaluator.Evaluate(scorer, EvaluationStage.Test));
        Log(result);
        return result;
    }

    private void Log(ModelResult result)
    {
        foreach (var (stage, metrics) in new[] { ("validation", result.Validation), ("test", result.Test) })
        {
            if (metrics is null) continue;
            TrainingLog.Evaluated(logger, result.Model, stage, metrics.Sampled.HitRate, metrics.Sampled.Ndcg, metrics.Full.HitRate, metrics.Full.Ndcg);
        }
    }

    private static Dictionary<string, double> MetadataMetrics(TrainingReport report)
    {
        var served = report.Result(ModelName);
        var selection = report.Epochs.Single(epoch => epoch.Epoch == report.BestEpoch).Validation;
        return new Dictionary<string, double>
        {
            ["test_sampled_hr@10"] = served.Test.Sampled.HitRate,
            ["test_sampled_ndcg@10"] = served.Test.Sampled.Ndcg,
            ["test_full_hr@10"] = served.Test.Full.HitRate,
            ["test_full_ndcg@10"] = served.Test.Full.Ndcg,
            // The selection run's validation figures at the picked epoch (a refitted model has trained on those items).
            ["selection_validation_sampled_ndcg@10"] = selection.Sampled.Ndcg,
            ["selection_validation_full_ndcg@10"] = selection.Full.Ndcg,
            ["refit_epochs"] = report.RefitEpochs.Count,
            ["transition_weight"] = report.Transitions.Weight,
            ["evaluated_users"] = report.EvaluatedUsers,
            ["epochs"] = report.Epochs.Count,
            ["best_epoch"] = report.BestEpoch,
            ["training_seconds"] = report.TrainingSeconds + report.RefitSeconds,
            ["seed"] = report.Seed,
        };
    }
}
