using System.Diagnostics;
using Interest.Abstractions;
using Interest.Inference;
using Interest.Training.Evaluation;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Interest.Training.Fitting;

/// <summary>
/// Fits the interest model on next-item prediction: each batch of training sequences runs through
/// <see cref="InterestModel.RunSequence"/> (every event a <see cref="ClickEventType.Click"/>), the combined vector at every
/// real position is scored against all items (<see cref="InterestModel.ScoreCombined"/>, tied to the item embeddings)
/// and the label-smoothed softmax cross-entropy with the next item is minimised with Adam, clipped gradients and a
/// cosine-decayed learning rate. <see cref="Train"/> stops early on a validation NDCG@10 and leaves the model with the
/// best epoch's weights; <see cref="Refit"/> runs a fixed number of epochs of the same schedule with no validation.
/// With <see cref="TrainingOptions.WeightAverageDecay"/> set, the weights validated, kept and left in the model are the
/// moving average of the weights (<see cref="WeightAverage"/>) instead of the last step's.
/// </summary>
public sealed class ModelTrainer(TrainingOptions options, ILogger logger, ProgressBar progress)
{
    /// <param name="validate">Evaluates the model (in eval mode) on the validation targets.</param>
    public TrainingHistory Train(InterestModel model, TrainingBatches batches, Func<InterestModel, StageMetrics> validate)
    {
        ArgumentNullException.ThrowIfNull(validate);
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var epochs = new List<EpochRecord>();
        using var optimizer = StartFit(model, batches);
        using var average = StartAverage(model);
        WeightSnapshot? best = null;
        double bestNdcg = double.NegativeInfinity;
        int bestEpoch = 0;
        bool stoppedEarly = false;
        try
        {
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var (loss, learningRate, trainingSeconds) = RunEpoch(model, optimizer, average, batches, random, epoch, $"epoch {epoch,2}/{options.Epochs}");

                var validationClock = Stopwatch.StartNew();
                // With averaging, the average is what is validated and kept; training goes on from the live weights.
                average?.Swap();
                var validation = validate(model);
                var record = new EpochRecord(epoch, loss, validation, learningRate, trainingSeconds,
                    validationClock.Elapsed.TotalSeconds, batches.Sequences / trainingSeconds);
                epochs.Add(record);
                TrainingLog.Epoch(logger, epoch, loss, validation.Sampled.Ndcg, validation.Sampled.HitRate,
                    validation.Full.Ndcg, validation.Full.HitRate, trainingSeconds, record.ValidationSeconds);

                double selected = options.SelectionNdcg(validation);
                if (selected > bestNdcg)
                {
                    bestNdcg = selected;
                    bestEpoch = epoch;
                    best?.Dispose();
                    best = WeightSnapshot.Of(model);
                }
                else if (epoch - bestEpoch >= options.Patience)
                {
                    stoppedEarly = true;
                    TrainingLog.StoppedEarly(logger, epoch, bestEpoch, bestNdcg);
                    break;
                }
                average?.Swap();
            }
            best!.RestoreInto(model);
        }
        finally
        {
            best?.Dispose();
        }
        model.eval();
        return new TrainingHistory(epochs, bestEpoch, stoppedEarly, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Trains <paramref name="model"/> for exactly <paramref name="epochs"/> epochs with the learning rates
    /// <see cref="Train"/> uses at those epochs, for a model whose validation items are part of its training data.
    /// </summary>
    public IReadOnlyList<RefitEpochRecord> Refit(InterestModel model, TrainingBatches batches, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var random = new Random(options.Seed);
        var records = new List<RefitEpochRecord>();
        using var optimizer = StartFit(model, batches);
        using var average = StartAverage(model);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var (loss, learningRate, seconds) = RunEpoch(model, optimizer, average, batches, random, epoch, $"refit {epoch,2}/{epochs}");
            records.Add(new RefitEpochRecord(epoch, loss, learningRate, seconds, batches.Sequences / seconds));
            TrainingLog.RefitEpoch(logger, epoch, epochs, loss, seconds);
        }
        average?.Swap();
        model.eval();
        return records;
    }

    /// <summary>Cosine decay from the base rate at epoch 1 to <see cref="TrainingOptions.FinalLearningRateFraction"/> of it at the last.</summary>
    public double LearningRateAt(int epoch)
    {
        double progressFraction = options.Epochs == 1 ? 0 : (epoch - 1) / (double)(options.Epochs - 1);
        double floor = options.LearningRate * options.FinalLearningRateFraction;
        return floor + (options.LearningRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * progressFraction));
    }

    /// <summary>Sets the training dropout and makes the optimizer of one fit.</summary>
    private optim.Optimizer StartFit(InterestModel model, TrainingBatches batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Sequences == 0) throw new ArgumentException("There is no training sequence of 2 or more items.", nameof(batches));
        model.TrainingDropout = options.Dropout;
        return optim.Adam(model.parameters(), options.LearningRate);
    }

    private WeightAverage? StartAverage(InterestModel model) =>
        options.WeightAverageDecay > 0 ? new WeightAverage(model, options.WeightAverageDecay) : null;

    /// <summary>
    /// One pass over the training sequences at <paramref name="epoch"/>'s learning rate: the mean (smoothed)
    /// cross-entropy per predicted position, the learning rate and the seconds it took.
    /// </summary>
    private (double Loss, double LearningRate, double Seconds) RunEpoch(InterestModel model, optim.Optimizer optimizer,
        WeightAverage? average, TrainingBatches batches, Random random, int epoch, string label)
    {
        double learningRate = LearningRateAt(epoch);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        var clock = Stopwatch.StartNew();
        model.train();
        var epochBatches = batches.ForEpoch(random);
        progress.Start(label, batches.Positions);
        double lossSum = 0;
        long positionsDone = 0;
        long sequencesDone = 0;
        using var click = ((long)ClickEventType.Click).ToScalar(); // held: see TorchScalars in src/Inference
        foreach (var batch in epochBatches)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var items = tensor(batch.Inputs, [batch.Rows, batch.Steps], device: model.Device);
            var types = full_like(items, click);
            var run = model.RunSequence(items, types, tensor(batch.Lengths));

            var (realPositions, targets) = RealPositions(batch);
            var combined = run.Combined.reshape(-1, model.EmbeddingSize)
                .index_select(0, tensor(realPositions, device: model.Device));
            var logits = model.ScoreCombined(combined);
            var loss = nn.functional.cross_entropy(logits, tensor(targets, device: model.Device), label_smoothing: options.LabelSmoothing);
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), options.GradientClip);
            optimizer.step();
            average?.Update();

            lossSum += loss.item<float>() * realPositions.Length;
            positionsDone += realPositions.Length;
            sequencesDone += batch.Rows;
            progress.Report(positionsDone, lossSum / positionsDone, sequencesDone);
        }
        return (lossSum / positionsDone, learningRate, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Flat indices (row·Steps + t) of the real positions and the next item at each.</summary>
    private static (long[] Positions, long[] Targets) RealPositions(TrainingBatch batch)
    {
        var positions = new long[batch.Positions];
        var targets = new long[positions.Length];
        int next = 0;
        for (int row = 0; row < batch.Rows; row++)
        {
            for (int t = 0; t < batch.Lengths[row]; t++)
            {
                positions[next] = row * batch.Steps + t;
                targets[next] = batch.Targets[row * batch.Steps + t];
                next++;
            }
        }
        return (positions, targets);
    }
}
