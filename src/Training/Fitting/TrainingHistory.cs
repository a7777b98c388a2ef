namespace Interest.Training.Fitting;

/// <summary>Every epoch run, the epoch whose weights the model was left with, and the wall-clock time of the whole fit.</summary>
public sealed record TrainingHistory(IReadOnlyList<EpochRecord> Epochs, int BestEpoch, bool StoppedEarly, double Seconds)
{
    public EpochRecord Best => Epochs.Single(epoch => epoch.Epoch == BestEpoch);
}
