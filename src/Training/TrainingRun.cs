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
/// (refitted) model file, the metrics JSON and the plot.
/// </summary>
public sealed class TrainingRun(TrainingOptions options, ILogger logger, ProgressBar progress)
{
    /// <summary>The served model: the refitted one, or the selection run's when refitting is off.</summary>
    public const string ModelName = "interest-lstm";

    /// <summary>The model of the selection run (training parts only), reported beside the refitted one.</summary>
    public const string SelectionModelName = "interest-lstm-before-refit";

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
            var selectionScorer = new ModelScorer(selection, options.Refit ? SelectionModelName : ModelName);
            var history = trainer.Train(selection, batches, _ => evaluator.Evaluate(selectionScorer, EvaluationStage.Validation));
            var selectionResult = new ModelResult(selectionScorer.Name, history.Best.Validation,
                evaluator.Evaluate(selectionScorer, EvaluationStage.Test));
            Log(selectionResult);
            results.Insert(0, selectionResult);
            if (!options.Refit)
            {
                var report = Write(selection, split, batches, popularity, results, history, [], 0, 0, device, threads, clock);
                return new TrainingOutcome(report, selection);
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
                var servedResult = new ModelResult(ModelName, null,
                    evaluator.Evaluate(new ModelScorer(refitted, ModelName), EvaluationStage.Test));
                Log(servedResult);
                results.Insert(0, servedResult);
                var report = Write(refitted, split, batches, popularity, results, history, refitEpochs, refitBatches.Positions,
                    refitSeconds, device, threads, clock);
                selection.Dispose();
                return new TrainingOutcome(report, refitted);
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

    /// <summary>A freshly initialised model; the same seed gives the same weights and the same dropout draws.</summary>
    private InterestModel NewModel(int itemCount, torch.Device device)
    {
        torch.manual_seed(options.Seed);
        return new InterestModel(itemCount, options.EmbeddingSize, options.HiddenSize, options.Seed, device);
    }

    private TrainingReport Write(InterestModel served, LeaveOneOutSplit split, TrainingBatches batches, double[] popularity,
        List<ModelResult> results, TrainingHistory history, IReadOnlyList<RefitEpochRecord> refitEpochs, long refitPositions, double refitSeconds,
        torch.Device device, int threads, Stopwatch clock)
    {
        string version = options.Version
            ?? $"{Path.GetFileNameWithoutExtension(options.Out)}-seed{options.Seed}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}";
        var report = new TrainingReport(version, options.Data, TorchDevices.Describe(device), threads, options.Seed,
            split.Users.Count, split.EvaluatedUsers.Count, split.ItemCount, batches.Positions, options.Negatives, options,
            history.Epochs, history.BestEpoch, history.StoppedEarly, history.Seconds, refitEpochs, refitPositions, refitSeconds,
            clock.Elapsed.TotalSeconds, results);

        ModelFile.Save(options.Out, served, ModelMetadata.For(served, version) with
        {
            TrainingMetrics = MetadataMetrics(report),
            ItemPopularity = popularity,
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
            ["evaluated_users"] = report.EvaluatedUsers,
            ["epochs"] = report.Epochs.Count,
            ["best_epoch"] = report.BestEpoch,
            ["training_seconds"] = report.TrainingSeconds + report.RefitSeconds,
            ["seed"] = report.Seed,
        };
    }
}
