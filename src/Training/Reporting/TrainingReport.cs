using Interest.Training.Evaluation;
using Interest.Training.Fitting;

namespace Interest.Training.Reporting;

/// <summary>One model's figures on the run's evaluation draw; <see cref="Validation"/> is null for a model fitted on the validation items.</summary>
public sealed record ModelResult(string Model, StageMetrics? Validation, StageMetrics Test);

/// <summary>A candidate weight of the item-transition term with the selection model's validation figures.</summary>
public sealed record TransitionWeightTrial(double Weight, StageMetrics Validation);

/// <summary>The picked weight of the item-transition term (0: none) and every candidate tried.</summary>
public sealed record TransitionSearch(double Weight, IReadOnlyList<TransitionWeightTrial> Trials);

/// <summary>Everything a training run measured; written as the metrics JSON.</summary>
public sealed record TrainingReport(
    string Version,
    string Data,
    string Device,
    int Threads,
    int Seed,
    int Users,
    int EvaluatedUsers,
    int ItemCount,
    long TrainingPositions,
    int NegativesPerUser,
    TrainingOptions Options,
    IReadOnlyList<EpochRecord> Epochs,
    int BestEpoch,
    bool StoppedEarly,
    double TrainingSeconds,
    TransitionSearch Transitions,
    IReadOnlyList<RefitEpochRecord> RefitEpochs,
    long RefitPositions,
    double RefitSeconds,
    double TotalSeconds,
    IReadOnlyList<ModelResult> Results)
{
    public ModelResult Result(string model) => Results.Single(result => result.Model == model);
}
