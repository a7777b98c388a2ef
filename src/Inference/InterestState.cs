using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// The interest state of a batch of users: LSTM hidden <c>[B, H]</c>, LSTM cell <c>[B, H]</c>
/// and long-term embedding <c>[B, E]</c>.
/// </summary>
public readonly record struct InterestState(Tensor Hidden, Tensor Cell, Tensor LongTerm) : IDisposable
{
    /// <summary>Moves the three tensors out of the current dispose scope, so they outlive it.</summary>
    public InterestState MoveToOuterDisposeScope() =>
        new(Hidden.MoveToOuterDisposeScope(), Cell.MoveToOuterDisposeScope(), LongTerm.MoveToOuterDisposeScope());

    public void Dispose()
    {
        Hidden.Dispose();
        Cell.Dispose();
        LongTerm.Dispose();
    }
}
