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
/// model with early stopping, evaluate it on the same draw, and write the model file, the metrics JSON and the plot.
/// </summary>
public sealed class TrainingRun(TrainingOptions options, ILogger logger, ProgressBar progress)
{
    public const string ModelName = "interest-lstm";

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

        torch.manual_seed(options.Seed);
        var model = new InterestModel(split.ItemCount, options.EmbeddingSize, options.HiddenSize, options.Seed, device);
        try
        {
            var report = TrainAndWrite(model, split, batches, popularity, evaluator, results, device, threads, clock);
            return new TrainingOutcome(report, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private TrainingReport TrainAndWrite(InterestModel model, LeaveOneOutSplit split, TrainingBatches batches, double[] popularity,
        Evaluator evaluator, List<ModelResult> results, torch.Device device, int threads, Stopwatch clock)
    {
        var modelScorer = new ModelScorer(model, ModelName);
        var history = new ModelTrainer(options, logger, progress)
            .Train(model, batches, _ => evaluator.Evaluate(modelScorer, EvaluationStage.Validation));
        var modelResult = new ModelResult(ModelName, history.Best.Validation, evaluator.Evaluate(modelScorer, EvaluationStage.Test));
        Log(modelResult);
        results.Insert(0, modelResult);

        string version = options.Version
            ?? $"{Path.GetFileNameWithoutExtension(options.Out)}-seed{options.Seed}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}";
        var report = new TrainingReport(version, options.Data, TorchDevices.Describe(device), threads, options.Seed,
            split.Users.Count, split.EvaluatedUsers.Count, split.ItemCount, batches.Positions, options.Negatives, options,
            history.Epochs, history.BestEpoch, history.StoppedEarly, history.Seconds, clock.Elapsed.TotalSeconds, results);

        ModelFile.Save(options.Out, model, ModelMetadata.For(model, version) with
        {
            TrainingMetrics = MetadataMetrics(report, modelResult),
            ItemPopularity = popularity,
        });
        MetricsReport.Write(options.MetricsPath, report);
        TrainingPlot.Write(options.PlotPath, history);
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

    private static Dictionary<string, double> MetadataMetrics(TrainingReport report, ModelResult model) => new()
    {
        ["test_sampled_hr@10"] = model.Test.Sampled.HitRate,
        ["test_sampled_ndcg@10"] = model.Test.Sampled.Ndcg,
        ["test_full_hr@10"] = model.Test.Full.HitRate,
        ["test_full_ndcg@10"] = model.Test.Full.Ndcg,
        ["validation_sampled_ndcg@10"] = model.Validation!.Sampled.Ndcg,
        ["validation_full_ndcg@10"] = model.Validation.Full.Ndcg,
        ["evaluated_users"] = report.EvaluatedUsers,
        ["epochs"] = report.Epochs.Count,
        ["best_epoch"] = report.BestEpoch,
        ["training_seconds"] = report.TrainingSeconds,
        ["seed"] = report.Seed,
    };
}
