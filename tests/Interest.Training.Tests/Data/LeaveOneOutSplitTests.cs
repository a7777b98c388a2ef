using Interest.Training.Data;

namespace Interest.Training.Tests.Data;

public sealed class LeaveOneOutSplitTests
{
    // User 1 as "user item" lines, user 2 as one "user i1 i2 ..." line, user 3 too short to evaluate, user 4 mixed.
    private const string MixedFile = """
        # comment
        1 5
        1 3
        1 9
        1 2

        2 7 8 6
        3 4 1
        4 10
        4 3 5
        """;

    [Fact]
    public void Both_line_formats_are_read_in_time_order()
    {
        var users = InteractionFileReader.Parse(new StringReader(MixedFile));

        Assert.Equal([1, 2, 3, 4], users.Select(user => user.UserId));
        Assert.Equal([5, 3, 9, 2], users[0].Items);
        Assert.Equal([7, 8, 6], users[1].Items);
        Assert.Equal([4, 1], users[2].Items);
        Assert.Equal([10, 3, 5], users[3].Items);
    }

    [Fact]
    public void Last_item_is_test_second_last_is_validation_and_short_users_only_train()
    {
        var split = LeaveOneOutSplit.Build(InteractionFileReader.Parse(new StringReader(MixedFile)));

        Assert.Equal(10, split.ItemCount);
        var first = split.Users[0];
        Assert.Equal([5, 3], first.Training);
        Assert.Equal(9, first.ValidationTarget);
        Assert.Equal(2, first.TestTarget);
        Assert.Equal([5, 3], first.ValidationHistory);
        Assert.Equal([5, 3, 9], first.TestHistory);

        var second = split.Users[1];
        Assert.Equal([7], second.Training);
        Assert.Equal((8, 6), (second.ValidationTarget!.Value, second.TestTarget!.Value));

        var shortUser = split.Users[2];
        Assert.False(shortUser.IsEvaluated);
        Assert.Equal([4, 1], shortUser.Training);

        Assert.Equal([1, 2, 4], split.EvaluatedUsers.Select(user => user.UserId));
    }

    [Fact]
    public void Popularity_counts_only_training_items()
    {
        var split = LeaveOneOutSplit.Build(InteractionFileReader.Parse(new StringReader(MixedFile)));
        var popularity = split.TrainingPopularity();

        Assert.Equal(11, popularity.Length);
        Assert.Equal(1, popularity[5]);  // user 1's training item; user 4's 5 is its test target
        Assert.Equal(1, popularity[3]);  // user 1 trains on it; user 4's 3 is a validation target
        Assert.Equal(0, popularity[9]);  // only ever a validation target
        Assert.Equal(0, popularity[2]);  // only ever a test target
        Assert.Equal(1, popularity[4]);  // the short user trains on all of its items
        Assert.Equal(1, popularity[1]);
        Assert.Equal(1, popularity[10]);
    }

    [Fact]
    public void A_line_that_is_not_numbers_is_rejected_with_its_line_number()
    {
        var error = Assert.Throws<FormatException>(() => InteractionFileReader.Parse(new StringReader("1 2\n1 x\n")));
        Assert.Contains("Line 2", error.Message);
    }

    [Fact]
    public void Max_users_stops_after_that_many_users()
    {
        var users = InteractionFileReader.Parse(new StringReader(MixedFile), maxUsers: 2);
        Assert.Equal([1, 2], users.Select(user => user.UserId));
    }
}
