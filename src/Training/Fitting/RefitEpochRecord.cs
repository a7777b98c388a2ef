namespace Interest.Training.Fitting;

/// <summary>One epoch of the refit on training and validation items: mean training loss and how long it took.</summary>
public sealed record RefitEpochRecord(
    int Epoch,
    double TrainingLoss,
    double LearningRate,
    double TrainingSeconds,
    double SequencesPerSecond);
