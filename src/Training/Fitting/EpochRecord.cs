using Interest.Training.Evaluation;

namespace Interest.Training.Fitting;

/// <summary>What one epoch did: mean training loss, the validation figures after it, and how long it took.</summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainingLoss,
    StageMetrics Validation,
    double LearningRate,
    double TrainingSeconds,
    double ValidationSeconds,
    double SequencesPerSecond);
