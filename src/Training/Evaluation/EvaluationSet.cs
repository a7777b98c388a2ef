using Interest.Training.Data;

namespace Interest.Training.Evaluation;

/// <summary>The evaluated users of a split with one seeded draw of sampled-protocol negatives.</summary>
public sealed class EvaluationSet
{
    private EvaluationSet(IReadOnlyList<EvaluationUser> users, int itemCount, int negativesPerUser, int seed)
    {
        Users = users;
        ItemCount = itemCount;
        NegativesPerUser = negativesPerUser;
        Seed = seed;
    }

    public IReadOnlyList<EvaluationUser> Users { get; }

    public int ItemCount { get; }

    public int NegativesPerUser { get; }

    /// <summary>The seed of the negatives' draw.</summary>
    public int Seed { get; }

    /// <summary>
    /// Draws, for each evaluated user in split order, <paramref name="negativesPerUser"/> distinct items uniformly from
    /// the items the user never interacted with (the SASRec protocol).
    /// </summary>
    public static EvaluationSet Draw(LeaveOneOutSplit split, int negativesPerUser, int seed)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfLessThan(negativesPerUser, 1);
        var random = new Random(seed);
        var users = new List<EvaluationUser>(split.EvaluatedUsers.Count);
        foreach (var user in split.EvaluatedUsers)
        {
            var interacted = user.AllItems.ToHashSet();
            int available = split.ItemCount - interacted.Count;
            if (available < negativesPerUser)
            {
                throw new InvalidOperationException(
                    $"User {user.UserId} interacted with {interacted.Count} of {split.ItemCount} items; {negativesPerUser} negatives cannot be drawn.");
            }
            var negatives = new HashSet<int>();
            var drawn = new int[negativesPerUser];
            for (int i = 0; i < negativesPerUser; i++)
            {
                int candidate;
                do candidate = random.Next(1, split.ItemCount + 1);
                while (interacted.Contains(candidate) || !negatives.Add(candidate));
                drawn[i] = candidate;
            }
            users.Add(new EvaluationUser(
                user.UserId, user.ValidationHistory, user.ValidationTarget!.Value, user.TestHistory, user.TestTarget!.Value, user.AllItems, drawn));
        }
        return new EvaluationSet(users, split.ItemCount, negativesPerUser, seed);
    }
}
