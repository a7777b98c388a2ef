using Microsoft.Extensions.Logging;

namespace Interest.Inference;

internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Inference engine runs on {Device} (setting '{Setting}')")]
    public static partial void DeviceSelected(ILogger logger, string device, string setting);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Loaded model {Version} from {Path}: {ItemCount} items, E={EmbeddingSize}, H={HiddenSize}")]
    public static partial void ModelLoaded(ILogger logger, string version, string path, int itemCount, int embeddingSize, int hiddenSize);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Serving an UNTRAINED model (random weights, seed {Seed}, {ItemCount} items) because no Inference:ModelPath is configured; recommendations are meaningless until a trained model file is set")]
    public static partial void ServingUntrainedModel(ILogger logger, int seed, int itemCount);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "An inference batch of {BatchSize} requests failed; those requests get the error, the batcher goes on")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int batchSize);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Inference batcher stopped after {Batches} batches and {Requests} requests")]
    public static partial void BatcherStopped(ILogger logger, long batches, long requests);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "The model file's transition term is on: {Pairs} item transitions, weight {Weight}")]
    public static partial void TransitionPriorLoaded(ILogger logger, int pairs, double weight);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning,
        Message = "Could not set the inference batcher thread's nice value to {Niceness} (errno {Error}); it keeps {Current}. A value below the process's needs CAP_SYS_NICE or a matching RLIMIT_NICE (docs/BENCHMARKS.md, \"Settings of the CPU host\")")]
    public static partial void BatcherPriorityNotSet(ILogger logger, int niceness, int current, int error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "Serving model {Current} as current, candidate {Candidate} for a share of {CanaryShare:P1} of users")]
    public static partial void Serving(ILogger logger, string current, string candidate, double canaryShare);
}
