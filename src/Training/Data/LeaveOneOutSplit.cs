namespace Interest.Training.Data;

/// <summary>
/// The leave-one-out split of the SASRec protocol: per user the last item is the test target, the second-last the
/// validation target and the rest training; users with fewer than 3 items are training-only.
/// </summary>
public sealed class LeaveOneOutSplit
{
    public const int MinimumEvaluatedLength = 3;

    private LeaveOneOutSplit(IReadOnlyList<SplitUser> users, int itemCount)
    {
        Users = users;
        ItemCount = itemCount;
        EvaluatedUsers = users.Where(user => user.IsEvaluated).ToList();
    }

    public IReadOnlyList<SplitUser> Users { get; }

    public IReadOnlyList<SplitUser> EvaluatedUsers { get; }

    /// <summary>Item ids run from 1 to this value.</summary>
    public int ItemCount { get; }

    /// <param name="itemCount">The catalogue size; the largest item id in <paramref name="sequences"/> when null.</param>
    public static LeaveOneOutSplit Build(IReadOnlyList<UserSequence> sequences, int? itemCount = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        int largestItem = sequences.SelectMany(sequence => sequence.Items).DefaultIfEmpty(0).Max();
        int catalogue = itemCount ?? largestItem;
        if (largestItem > catalogue)
        {
            throw new ArgumentException($"Item {largestItem} is outside the catalogue of {catalogue} items.", nameof(itemCount));
        }
        if (catalogue < 1) throw new ArgumentException("There are no items.", nameof(sequences));

        var users = sequences.Select(sequence =>
        {
            var items = sequence.Items;
            return items.Length < MinimumEvaluatedLength
                ? new SplitUser(sequence.UserId, items, null, null, items)
                : new SplitUser(sequence.UserId, items[..^2], items[^2], items[^1], items);
        }).ToList();
        return new LeaveOneOutSplit(users, catalogue);
    }

    /// <summary>How often each item occurs in the training parts, indexed by item id (index 0 unused).</summary>
    public double[] TrainingPopularity()
    {
        var counts = new double[ItemCount + 1];
        foreach (var user in Users)
        {
            foreach (int item in user.Training) counts[item]++;
        }
        return counts;
    }

    /// <summary>
    /// Like <see cref="TrainingPopularity"/> but counting the validation items too: what a baseline refitted on everything
    /// before the test target would count. Only fair for the test stage.
    /// </summary>
    public double[] PopularityThroughValidation()
    {
        var counts = new double[ItemCount + 1];
        foreach (var user in Users)
        {
            foreach (int item in user.TestHistory) counts[item]++;
        }
        return counts;
    }

    /// <summary>Every user's items before the test target (the training part plus the validation item).</summary>
    public IReadOnlyList<int[]> SequencesThroughValidation() => Users.Select(user => user.TestHistory).ToList();

    /// <summary>The training parts, the sequences the model and the baselines learn from.</summary>
    public IReadOnlyList<int[]> TrainingSequences() => Users.Select(user => user.Training).ToList();
}
