using Microsoft.Extensions.Logging;

namespace Interest.Training;

internal static partial class TrainingLog
{
    [LoggerMessage(1, LogLevel.Information,
        "Read {Users} users, {Interactions} interactions, {Items} items from {Path}; {Evaluated} users evaluated, {Positions} training positions")]
    public static partial void DataRead(ILogger logger, int users, long interactions, int items, string path, int evaluated, long positions);

    [LoggerMessage(2, LogLevel.Information,
        "{Model} {Stage}: sampled HR@10 {SampledHit:F4} NDCG@10 {SampledNdcg:F4}; full HR@10 {FullHit:F4} NDCG@10 {FullNdcg:F4}")]
    public static partial void Evaluated(ILogger logger, string model, string stage, double sampledHit, double sampledNdcg, double fullHit, double fullNdcg);

    [LoggerMessage(3, LogLevel.Information,
        "Epoch {Epoch}: loss {Loss:F4}; validation sampled NDCG@10 {SampledNdcg:F4} HR@10 {SampledHit:F4}, full NDCG@10 {FullNdcg:F4} HR@10 {FullHit:F4} ({TrainingSeconds:F0}s + {ValidationSeconds:F0}s)")]
    public static partial void Epoch(ILogger logger, int epoch, double loss, double sampledNdcg, double sampledHit, double fullNdcg, double fullHit, double trainingSeconds, double validationSeconds);

    [LoggerMessage(4, LogLevel.Information, "Stopped after epoch {Epoch}: no better validation NDCG@10 since epoch {BestEpoch} ({BestNdcg:F4})")]
    public static partial void StoppedEarly(ILogger logger, int epoch, int bestEpoch, double bestNdcg);

    [LoggerMessage(5, LogLevel.Information, "Training on {Device} with {Threads} torch threads: E={EmbeddingSize}, H={HiddenSize}, seed {Seed}")]
    public static partial void Started(ILogger logger, string device, int threads, int embeddingSize, int hiddenSize, int seed);

    [LoggerMessage(6, LogLevel.Information, "Wrote {ModelPath}, {MetricsPath} and {PlotPath} after {Seconds:F0}s")]
    public static partial void Wrote(ILogger logger, string modelPath, string metricsPath, string plotPath, double seconds);

    [LoggerMessage(7, LogLevel.Information, "Refit epoch {Epoch}/{Epochs}: loss {Loss:F4} ({TrainingSeconds:F0}s)")]
    public static partial void RefitEpoch(ILogger logger, int epoch, int epochs, double loss, double trainingSeconds);

    [LoggerMessage(8, LogLevel.Information,
        "Refitting a fresh model for {Epochs} epochs on the training parts plus the validation items ({Positions} positions)")]
    public static partial void RefitStarted(ILogger logger, int epochs, long positions);

    [LoggerMessage(9, LogLevel.Information,
        "Transition weight {Weight}: validation sampled NDCG@10 {SampledNdcg:F4}, full NDCG@10 {FullNdcg:F4}")]
    public static partial void TransitionWeightTried(ILogger logger, double weight, double sampledNdcg, double fullNdcg);

    [LoggerMessage(10, LogLevel.Information, "Picked transition weight {Weight} (validation NDCG@10 {Ndcg:F4})")]
    public static partial void TransitionWeightPicked(ILogger logger, double weight, double ndcg);
}
