namespace Interest.Training.Data;

/// <summary>
/// One user in the leave-one-out split. <see cref="Training"/> is what the model may learn from; evaluated users
/// (3 or more items) also have a validation target (second-last item) and a test target (last item).
/// </summary>
public sealed record SplitUser(int UserId, int[] Training, int? ValidationTarget, int? TestTarget, int[] AllItems)
{
    public bool IsEvaluated => ValidationTarget.HasValue && TestTarget.HasValue;

    /// <summary>The model input for the validation target: all but the last two items.</summary>
    public int[] ValidationHistory => Training;

    /// <summary>The model input for the test target: all but the last item.</summary>
    public int[] TestHistory => IsEvaluated ? [.. Training, ValidationTarget!.Value] : Training;
}
