namespace Interest.Training.Fitting;

/// <summary>
/// A batch of next-item examples, row-major <c>[Rows, Steps]</c> and left-aligned: <see cref="Inputs"/> holds each
/// sequence but its last item, <see cref="Targets"/> the item after each input (0 in padding).
/// </summary>
public sealed record TrainingBatch(int Rows, int Steps, long[] Inputs, long[] Targets, long[] Lengths)
{
    /// <summary>The real (non-padding) positions.</summary>
    public long Positions => Lengths.Sum();
}
