using Interest.ModelRegistry;
using Interest.Training;
using Interest.Training.Fitting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

// dotnet run -c Release --project src/Training -- --data ../shared/data/amazon-games.txt --out models/games.model [--epochs 40 ...]
//   [--publish registry/ [--redis localhost:6379]]: then publishes the model file to the model registry (docs/MODEL.md).
var switches = new Dictionary<string, string>
{
    ["--data"] = "Data", ["--out"] = "Out", ["--metrics"] = "Metrics", ["--plot"] = "Plot", ["--version"] = "Version",
    ["--seed"] = "Seed", ["--max-users"] = "MaxUsers", ["--embedding-size"] = "EmbeddingSize", ["--hidden-size"] = "HiddenSize",
    ["--epochs"] = "Epochs", ["--patience"] = "Patience", ["--select-on"] = "SelectOn", ["--refit"] = "Refit",
    ["--transition-weights"] = "TransitionWeights", ["--learning-rate"] = "LearningRate",
    ["--final-lr-fraction"] = "FinalLearningRateFraction", ["--dropout"] = "Dropout", ["--label-smoothing"] = "LabelSmoothing", ["--weight-average-decay"] = "WeightAverageDecay", ["--max-length"] = "MaxLength",
    ["--batch-positions"] = "BatchPositions", ["--gradient-clip"] = "GradientClip", ["--negatives"] = "Negatives",
    ["--evaluation-batch-size"] = "EvaluationBatchSize", ["--threads"] = "Threads", ["--device"] = "Device",
    ["--publish"] = "Publish", ["--redis"] = "Redis",
};
if (args.Any(arg => arg is "--help" or "-h"))
{
    Console.WriteLine("Interest.Training: trains and evaluates the interest model and writes the model file the inference silo serves.");
    Console.WriteLine("Options: " + string.Join(" ", switches.Keys.Select(key => $"[{key} value]")));
    return 0;
}

NativeMemory.KeepFreedBlocks();
var options = new TrainingOptions();
try
{
    new ConfigurationBuilder().AddCommandLine(args, switches).Build().Bind(options);
    options.Validate();
}
catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

using var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss ";
}));
var logger = loggers.CreateLogger("Interest.Training");
using var outcome = new TrainingRun(options, logger, ProgressBar.ForConsole()).Execute();
if (options.Publish is null) return 0;
try
{
    var (published, isCurrent) = await RegistryPublication.PublishAsync(options);
    Console.WriteLine(RegistryPublication.Describe(published, isCurrent, options.Publish));
    return 0;
}
catch (Exception exception) when (exception is ModelRegistryException or RedisException)
{
    Console.Error.WriteLine($"The model file {options.Out} was written but not published: {exception.Message}");
    return 2;
}
