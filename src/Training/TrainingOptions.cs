namespace Interest.Training;

/// <summary>Settings of one training run, bound from the command line (<c>--Name value</c>, see <see cref="Program"/>).</summary>
public sealed class TrainingOptions
{
    /// <summary>The interaction file.</summary>
    public string Data { get; set; } = "";

    /// <summary>The model file to write (the inference silo's <c>Inference:ModelPath</c>).</summary>
    public string Out { get; set; } = "models/games.model";

    /// <summary>The metrics JSON; next to the model file (<c>.metrics.json</c>) when unset.</summary>
    public string? Metrics { get; set; }

    /// <summary>The PNG of loss and validation NDCG@10 per epoch; next to the model file (<c>.training.png</c>) when unset.</summary>
    public string? Plot { get; set; }

    /// <summary>Shown as the model version; derived from the file name, seed and date when unset.</summary>
    public string? Version { get; set; }

    /// <summary>The model registry directory to publish the model file to once written; none when unset.</summary>
    public string? Publish { get; set; }

    /// <summary>With <see cref="Publish"/>: the Redis connection string of the registry's rollout; the registry directory holds it when unset.</summary>
    public string? Redis { get; set; }

    /// <summary>Seeds the weights, the shuffles, dropout and the evaluation negatives.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Read only the first this many users of the file (0: all).</summary>
    public int MaxUsers { get; set; }

    public int EmbeddingSize { get; set; } = 128;

    public int HiddenSize { get; set; } = 64;

    /// <summary>The most epochs; early stopping usually ends sooner.</summary>
    public int Epochs { get; set; } = 25;

    /// <summary>Stop after this many epochs without a better validation NDCG@10 (of the <see cref="SelectOn"/> protocol).</summary>
    public int Patience { get; set; } = 3;

    /// <summary>The validation NDCG@10 that picks the epoch: <c>full</c> (full ranking) or <c>sampled</c> (100 negatives).</summary>
    public string SelectOn { get; set; } = FullRankingSelection;

    /// <summary>
    /// After the epoch is picked, train a fresh model (same seed and schedule) for that many epochs on the training parts
    /// extended by each user's validation item, and serve that one.
    /// </summary>
    public bool Refit { get; set; } = true;

    /// <summary>
    /// The weights of the item-transition term tried on the validation targets after the selection run, comma-separated;
    /// the best is served (0: no term). "0" alone turns the term off.
    /// </summary>
    public string TransitionWeights { get; set; } = "0,0.25,0.5,0.75,1,1.5";

    public double LearningRate { get; set; } = 0.003;

    /// <summary>The learning rate at the last epoch, as a fraction of <see cref="LearningRate"/> (cosine decay).</summary>
    public double FinalLearningRateFraction { get; set; } = 0.1;

    /// <summary>Dropout on the LSTM input and output while training.</summary>
    public double Dropout { get; set; } = 0.5;

    /// <summary>Label smoothing of the softmax cross-entropy.</summary>
    public double LabelSmoothing { get; set; } = 0.2;

    /// <summary>
    /// Decay per optimizer step of the moving average of the weights that is validated and served instead of the last
    /// step's weights; 0 turns averaging off.
    /// </summary>
    public double WeightAverageDecay { get; set; } = 0.999;

    /// <summary>Training uses each user's most recent this many next-item predictions.</summary>
    public int MaxLength { get; set; } = 200;

    /// <summary>A batch holds at most this many (padded) positions.</summary>
    public int BatchPositions { get; set; } = 512;

    /// <summary>Gradients are clipped to this global L2 norm.</summary>
    public double GradientClip { get; set; } = 5.0;

    /// <summary>Negatives per user in the sampled protocol.</summary>
    public int Negatives { get; set; } = 100;

    /// <summary>Users scored together during evaluation.</summary>
    public int EvaluationBatchSize { get; set; } = 256;

    /// <summary>Torch intra-op threads; 0: one per processor.</summary>
    public int Threads { get; set; }

    /// <summary><c>auto</c> (CUDA when available), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "auto";

    public const string FullRankingSelection = "full";
    public const string SampledSelection = "sampled";

    public bool SelectsOnFullRanking => string.Equals(SelectOn, FullRankingSelection, StringComparison.OrdinalIgnoreCase);

    /// <summary>The validation NDCG@10 of the <see cref="SelectOn"/> protocol: what picks the epoch and the transition weight.</summary>
    public double SelectionNdcg(Evaluation.StageMetrics metrics) => SelectsOnFullRanking ? metrics.Full.Ndcg : metrics.Sampled.Ndcg;

    /// <summary><see cref="TransitionWeights"/> parsed, ascending and distinct.</summary>
    /// <exception cref="FormatException">An entry is not a number.</exception>
    public double[] TransitionWeightCandidates => TransitionWeights
        .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(entry => double.Parse(entry, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture))
        .Distinct().Order().ToArray();

    public string MetricsPath => Metrics ?? Path.ChangeExtension(Out, ".metrics.json");

    public string PlotPath => Plot ?? Path.ChangeExtension(Out, ".training.png");

    /// <exception cref="ArgumentException">A setting no run can use.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Data)) problems.Add("--data: the interaction file is required.");
        if (string.IsNullOrWhiteSpace(Out)) problems.Add("--out: the model file path is required.");
        if (Publish is not null && string.IsNullOrWhiteSpace(Publish)) problems.Add("--publish needs the model registry directory.");
        if (!string.IsNullOrWhiteSpace(Redis) && string.IsNullOrWhiteSpace(Publish)) problems.Add("--redis applies only with --publish <registry directory>.");
        if (!string.IsNullOrWhiteSpace(Publish) && Version is not null && ModelRegistry.ModelVersionName.Problem(Version) is { } versionProblem)
        {
            problems.Add($"--version: {versionProblem} (a published version is a file name in the registry).");
        }
        if (MaxUsers < 0) problems.Add("--max-users must be 0 (all) or more.");
        if (EmbeddingSize < 1 || HiddenSize < 1) problems.Add("--embedding-size and --hidden-size must be at least 1.");
        if (Epochs < 1) problems.Add("--epochs must be at least 1.");
        if (Patience < 1) problems.Add("--patience must be at least 1.");
        if (!(LearningRate > 0)) problems.Add("--learning-rate must be positive.");
        if (FinalLearningRateFraction is < 0 or > 1) problems.Add("--final-lr-fraction must be between 0 and 1.");
        if (Dropout is < 0 or >= 1) problems.Add("--dropout must be in [0, 1).");
        if (LabelSmoothing is < 0 or >= 1) problems.Add("--label-smoothing must be in [0, 1).");
        if (WeightAverageDecay is < 0 or >= 1) problems.Add("--weight-average-decay must be in [0, 1) (0: no averaging).");
        if (!SelectsOnFullRanking && !string.Equals(SelectOn, SampledSelection, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("--select-on must be full or sampled.");
        }
        try
        {
            var weights = TransitionWeightCandidates;
            if (weights.Length == 0 || weights.Any(weight => weight < 0 || !double.IsFinite(weight)))
            {
                problems.Add("--transition-weights must list one or more weights of 0 or more, e.g. 0,0.5,1.");
            }
        }
        catch (FormatException)
        {
            problems.Add($"--transition-weights must be comma-separated numbers, e.g. 0,0.5,1 (got '{TransitionWeights}').");
        }
        if (MaxLength < 1) problems.Add("--max-length must be at least 1.");
        if (BatchPositions < 1) problems.Add("--batch-positions must be at least 1.");
        if (!(GradientClip > 0)) problems.Add("--gradient-clip must be positive.");
        if (Negatives < 1) problems.Add("--negatives must be at least 1.");
        if (EvaluationBatchSize < 1) problems.Add("--evaluation-batch-size must be at least 1.");
        if (Threads < 0) problems.Add("--threads must be 0 (one per processor) or more.");
        if (!Inference.TorchDevices.IsKnownSetting(Device)) problems.Add("--device must be auto, cpu or cuda.");
        if (problems.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, problems));
    }
}
