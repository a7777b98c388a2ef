using TorchSharp;
using static TorchSharp.torch;

namespace Interest.Training.Evaluation;

/// <summary>
/// Ranks each evaluated user's held-out item with a scorer under both protocols: against the set's sampled negatives,
/// and against every item the user has not interacted with. Ties are shared: a target tied with n others counts as
/// ranked behind half of them, so a constant scorer gains nothing from the order of ids.
/// </summary>
public sealed class Evaluator(EvaluationSet set, int batchSize = 256)
{
    public EvaluationSet Set { get; } = set ?? throw new ArgumentNullException(nameof(set));

    /// <summary>0-based ranks of each user's target, in <see cref="EvaluationSet.Users"/> order.</summary>
    public (double[] Sampled, double[] Full) Rank(IItemScorer scorer, EvaluationStage stage)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var users = Set.Users;
        var sampled = new double[users.Count];
        var full = new double[users.Count];
        // Batches of similar history lengths keep the model's padding small; the order does not change any rank.
        int[] order = Enumerable.Range(0, users.Count).OrderBy(i => users[i].History(stage).Length).ToArray();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            int[] batch = order[start..Math.Min(order.Length, start + batchSize)];
            RankBatch(scorer, stage, batch, sampled, full);
        }
        return (sampled, full);
    }

    public StageMetrics Evaluate(IItemScorer scorer, EvaluationStage stage)
    {
        var (sampled, full) = Rank(scorer, stage);
        return new StageMetrics(sampled.Length, Summarise(sampled), Summarise(full));
    }

    public static RankingMetrics Summarise(IReadOnlyCollection<double> ranks) => ranks.Count == 0
        ? new RankingMetrics(0, 0)
        : new RankingMetrics(ranks.Average(rank => RankingMetrics.Hit(rank)), ranks.Average(rank => RankingMetrics.NdcgAt(rank)));

    private void RankBatch(IItemScorer scorer, EvaluationStage stage, int[] batch, double[] sampled, double[] full)
    {
        var users = batch.Select(i => Set.Users[i]).ToArray();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scores = scorer.Score(users.Select(user => user.History(stage)).ToArray());
        if (scores.shape.Length != 2 || scores.shape[0] != users.Length || scores.shape[1] != Set.ItemCount + 1)
        {
            throw new InvalidOperationException(
                $"{scorer.Name} returned scores of shape [{string.Join(", ", scores.shape)}]; expected [{users.Length}, {Set.ItemCount + 1}].");
        }
        var device = scores.device;
        var targets = tensor(users.Select(user => (long)user.Target(stage)).ToArray(), [users.Length, 1], device: device);
        var targetScores = scores.gather(1, targets);

        var negatives = tensor(users.SelectMany(user => user.Negatives.Select(item => (long)item)).ToArray(),
            [users.Length, Set.NegativesPerUser], device: device);
        var negativeScores = scores.gather(1, negatives);
        var sampledRanks = SharedRank(negativeScores, targetScores, targetIncluded: false);

        // Full ranking: everything the user interacted with, except the target itself, leaves the candidates.
        var rows = new List<long>();
        var items = new List<long>();
        for (int row = 0; row < users.Length; row++)
        {
            int target = users[row].Target(stage);
            foreach (int item in users[row].AllItems)
            {
                if (item == target) continue;
                rows.Add(row);
                items.Add(item);
            }
        }
        var candidates = scores.clone();
        // Scalars held for the calls that read them (see TorchScalars in src/Inference).
        using var negativeInfinity = double.NegativeInfinity.ToScalar();
        candidates.select(1, 0).fill_(negativeInfinity);
        if (rows.Count > 0)
        {
            candidates.index_put_(negativeInfinity,
                tensor(rows.ToArray(), dtype: ScalarType.Int64, device: device), tensor(items.ToArray(), dtype: ScalarType.Int64, device: device));
        }
        var fullRanks = SharedRank(candidates, targetScores, targetIncluded: true);

        double[] sampledValues = sampledRanks.cpu().data<double>().ToArray();
        double[] fullValues = fullRanks.cpu().data<double>().ToArray();
        for (int row = 0; row < batch.Length; row++)
        {
            sampled[batch[row]] = sampledValues[row];
            full[batch[row]] = fullValues[row];
        }
    }

    /// <summary>Number of candidates scoring above the target plus half of those tied with it, as float64 <c>[B]</c>.</summary>
    private static Tensor SharedRank(Tensor candidateScores, Tensor targetScores, bool targetIncluded)
    {
        var above = candidateScores.gt(targetScores).sum(1, type: ScalarType.Float64);
        var tied = candidateScores.eq(targetScores).sum(1, type: ScalarType.Float64);
        using var one = 1.ToScalar();
        using var half = 0.5.ToScalar();
        if (targetIncluded) tied = tied.sub(one);
        return above.add(tied.mul(half), one);
    }
}
