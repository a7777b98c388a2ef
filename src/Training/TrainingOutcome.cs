using Interest.Inference;
using Interest.Training.Reporting;

namespace Interest.Training;

/// <summary>What a run measured and the trained model (in eval mode, the best epoch's weights), as saved to the model file.</summary>
public sealed record TrainingOutcome(TrainingReport Report, InterestModel Model) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
