namespace Interest.Training.Evaluation;

/// <summary>Hit rate and NDCG at a cut-off, averaged over users.</summary>
public sealed record RankingMetrics(double HitRate, double Ndcg)
{
    public const int CutOff = 10;

    /// <summary>1 when the target is among the first <paramref name="cutOff"/> (rank is 0-based), else 0.</summary>
    public static double Hit(double rank, int cutOff = CutOff) => rank < cutOff ? 1 : 0;

    /// <summary>With one relevant item, NDCG = 1 / log2(rank + 2) inside the cut-off (rank 0-based), else 0.</summary>
    public static double NdcgAt(double rank, int cutOff = CutOff) => rank < cutOff ? 1 / Math.Log2(rank + 2) : 0;
}

/// <summary>One model at one stage under both protocols.</summary>
/// <param name="Sampled">The target against the sampled negatives (SASRec protocol).</param>
/// <param name="Full">The target against every item the user has not interacted with.</param>
public sealed record StageMetrics(int Users, RankingMetrics Sampled, RankingMetrics Full);
