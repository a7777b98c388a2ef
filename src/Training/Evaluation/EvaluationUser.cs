namespace Interest.Training.Evaluation;

/// <summary>
/// One evaluated user: the model input and target of each stage, every item the user interacted with, and the
/// negatives of the sampled protocol (drawn once, shared by every model and both stages).
/// </summary>
public sealed record EvaluationUser(
    int UserId,
    int[] ValidationHistory,
    int ValidationTarget,
    int[] TestHistory,
    int TestTarget,
    int[] AllItems,
    int[] Negatives)
{
    public int[] History(EvaluationStage stage) => stage == EvaluationStage.Validation ? ValidationHistory : TestHistory;

    public int Target(EvaluationStage stage) => stage == EvaluationStage.Validation ? ValidationTarget : TestTarget;
}
