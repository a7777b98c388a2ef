using Interest.Inference;
using Interest.Training.Reporting;

namespace Interest.Training;

/// <summary>
/// What a run measured and the served model as saved to the model file: the trained network (in eval mode) and its
/// transition term (null when the picked weight is 0).
/// </summary>
public sealed record TrainingOutcome(TrainingReport Report, InterestModel Model, TransitionPrior? TransitionPrior) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
