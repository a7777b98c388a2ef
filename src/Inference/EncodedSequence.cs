using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>One user's state after a whole event sequence, computed in one pass (see <see cref="SequenceEncoder"/>).</summary>
/// <param name="Scores">Logits over all item ids (length ItemCount + 1, index = item id; index 0 is padding), before any masking.</param>
/// <param name="TopItems">The best items after masking padding, the sequence's own items and the excluded items, best first.</param>
public sealed record EncodedSequence(float[] Hidden, float[] Cell, float[] LongTerm, float[] Scores, ScoredItem[] TopItems);
