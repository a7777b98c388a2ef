namespace Interest.Training.Evaluation;

/// <summary>Which held-out item is ranked: the second-last (validation) or the last (test).</summary>
public enum EvaluationStage
{
    Validation,
    Test,
}
