using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// What <see cref="InterestModel.RunSequence"/> computes for <c>B</c> users over <c>T</c> positions.
/// Values at positions at or beyond a user's length are padding and must be ignored.
/// </summary>
/// <param name="Hidden">LSTM hidden state after each position, <c>[B, T, H]</c>.</param>
/// <param name="LongTerm">Long-term embedding after each position, <c>[B, T, E]</c>.</param>
/// <param name="Combined">The combined interest vector z after each position, <c>[B, T, E]</c>;
/// <see cref="InterestModel.ScoreCombined"/> turns it into next-item logits.</param>
/// <param name="Final">The state after each user's last real event.</param>
public sealed record SequenceRun(Tensor Hidden, Tensor LongTerm, Tensor Combined, InterestState Final) : IDisposable
{
    public void Dispose()
    {
        Hidden.Dispose();
        LongTerm.Dispose();
        Combined.Dispose();
        Final.Dispose();
    }
}
