using Interest.Training.Data;
using Interest.Training.Evaluation;
using static TorchSharp.torch;

namespace Interest.Training.Tests.Evaluation;

public sealed class EvaluatorTests
{
    [Theory]
    [InlineData(0, 1.0, 1.0)]
    [InlineData(1, 1.0, 0.6309297535714575)] // 1 / log2(3)
    [InlineData(9, 1.0, 0.2890648263178879)] // 1 / log2(11)
    [InlineData(10, 0.0, 0.0)]
    [InlineData(4.5, 1.0, 0.37031006220289647)] // a shared rank: 1 / log2(6.5)
    public void Hit_and_ndcg_at_10_follow_the_rank(double rank, double hit, double ndcg)
    {
        Assert.Equal(hit, RankingMetrics.Hit(rank));
        Assert.Equal(ndcg, RankingMetrics.NdcgAt(rank), 12);
    }

    // Catalogue of 12 items; one user 1 2 3: validation target 2 after [1], test target 3 after [1, 2].
    private static Evaluator OneUser(int negatives = 5) =>
        new(EvaluationSet.Draw(LeaveOneOutSplit.Build([new UserSequence(1, [1, 2, 3])], itemCount: 12), negatives, seed: 1));

    [Fact]
    public void Negatives_are_distinct_items_the_user_never_touched()
    {
        var user = OneUser(negatives: 9).Set.Users.Single();
        Assert.Equal(9, user.Negatives.Distinct().Count());
        Assert.All(user.Negatives, item => Assert.InRange(item, 4, 12));
    }

    [Fact]
    public void A_scorer_preferring_high_ids_ranks_the_test_target_behind_every_unseen_item()
    {
        var evaluator = OneUser();
        var (sampled, full) = evaluator.Rank(new FunctionScorer(item => item), EvaluationStage.Test);

        Assert.Equal(5, sampled.Single());  // all 5 negatives (ids 4..12) score higher than item 3
        Assert.Equal(9, full.Single());     // items 4..12 score higher; 1 and 2 were seen and do not count
        var metrics = evaluator.Evaluate(new FunctionScorer(item => item), EvaluationStage.Test);
        Assert.Equal(1 / Math.Log2(7), metrics.Sampled.Ndcg, 12);
        Assert.Equal(1 / Math.Log2(11), metrics.Full.Ndcg, 12);
        Assert.Equal(1, metrics.Full.HitRate);
    }

    [Fact]
    public void Seen_items_never_compete_with_the_target()
    {
        // Low ids score highest, but 1 and 2 were seen (test) and 1 and 3 (validation, 3 being the later test item).
        var evaluator = OneUser();
        var test = evaluator.Evaluate(new FunctionScorer(item => -item), EvaluationStage.Test);
        var validation = evaluator.Evaluate(new FunctionScorer(item => -item), EvaluationStage.Validation);

        Assert.Equal((1.0, 1.0), (test.Full.HitRate, test.Full.Ndcg));
        Assert.Equal((1.0, 1.0), (test.Sampled.HitRate, test.Sampled.Ndcg));
        Assert.Equal(1.0, validation.Full.Ndcg);
    }

    [Fact]
    public void Ties_count_half()
    {
        var (sampled, full) = OneUser().Rank(new FunctionScorer(_ => 1), EvaluationStage.Test);
        Assert.Equal(2.5, sampled.Single());  // tied with 5 negatives
        Assert.Equal(4.5, full.Single());     // tied with 9 unseen items
    }

    [Fact]
    public void Most_popular_ranks_by_training_counts()
    {
        // Training parts: [1 2 3] [1 2 3] [1 2 4] [2 3] → popularity 1:3, 2:4, 3:3, 4:1, 5..9: 0.
        var split = LeaveOneOutSplit.Build(
        [
            new UserSequence(1, [1, 2, 3, 4, 5]), new UserSequence(2, [1, 2, 3, 6, 7]),
            new UserSequence(3, [1, 2, 4, 8, 9]), new UserSequence(4, [2, 3]),
        ]);
        var evaluator = new Evaluator(EvaluationSet.Draw(split, 3, seed: 5));
        var popularity = new PopularityScorer(split.TrainingPopularity());

        var (_, testRanks) = evaluator.Rank(popularity, EvaluationStage.Test);
        var (_, validationRanks) = evaluator.Rank(popularity, EvaluationStage.Validation);

        // User 1, test target 5 (count 0) against unseen 6..9 (all 0): tied with 4 → rank 2.
        Assert.Equal(2, testRanks[0]);
        // User 1, validation target 4 (count 1) against 6..9 (0): first.
        Assert.Equal(0, validationRanks[0]);
        // User 3, validation target 8 (0) against unseen 3 (count 3), 5, 6, 7 (0): behind 3, tied with 3 → 1 + 1.5.
        Assert.Equal(2.5, validationRanks[2]);
    }

    [Fact]
    public void Markov_scores_transitions_with_popularity_breaking_ties()
    {
        var training = new[] { new[] { 1, 2, 3 }, [1, 2, 3], [1, 2, 4], [2, 3] };
        double[] popularity = [0, 3, 4, 3, 1, 0];
        var markov = new MarkovScorer(training, popularity);

        Assert.Equal(3, markov.TransitionCount(2, 3));
        Assert.Equal(1, markov.TransitionCount(2, 4));
        Assert.Equal(0, markov.TransitionCount(3, 1));
        using var scores = markov.Score([[1, 2], [9, 4]]);
        double[] values = scores.data<double>().ToArray();
        double scale = 5; // the largest count + 1
        Assert.Equal(3 + 3 / scale, values[3], 12);      // after 2: item 3 followed it 3 times
        Assert.Equal(1 + 1 / scale, values[4], 12);
        Assert.Equal(4 / scale, values[2], 12);          // never after 2: popularity only
        Assert.Equal(3 / scale, values[6 + 1], 12);      // after 4 nothing was seen: popularity only
        Assert.Equal(0, values[6 + 5], 12);
    }

    private sealed class FunctionScorer(Func<int, double> score) : IItemScorer
    {
        public string Name => "function";

        public Tensor Score(IReadOnlyList<int[]> histories)
        {
            var row = Enumerable.Range(0, 13).Select(item => score(item)).ToArray();
            return tensor(row, [1, row.Length]).repeat(histories.Count, 1);
        }
    }
}
