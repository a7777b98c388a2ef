namespace Interest.Training.Tests;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void Settings_no_run_can_use_are_refused_with_every_problem_named()
    {
        var options = new TrainingOptions { Data = "games.txt", SelectOn = "loss", LabelSmoothing = 1.0, BatchPositions = 0 };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("--select-on must be full or sampled.", error.Message);
        Assert.Contains("--label-smoothing must be in [0, 1).", error.Message);
        Assert.Contains("--batch-positions must be at least 1.", error.Message);
    }

    [Theory]
    [InlineData("full", true)]
    [InlineData("FULL", true)]
    [InlineData("sampled", false)]
    public void Select_on_accepts_either_protocol_in_any_case(string selectOn, bool fullRanking)
    {
        var options = new TrainingOptions { Data = "games.txt", SelectOn = selectOn };
        options.Validate();
        Assert.Equal(fullRanking, options.SelectsOnFullRanking);
    }

    [Theory]
    [InlineData("0,0.5,x")]
    [InlineData("0,-1")]
    [InlineData(" , ")]
    [InlineData("NaN")]
    public void Transition_weights_must_be_numbers_of_zero_or_more(string weights)
    {
        var options = new TrainingOptions { Data = "games.txt", TransitionWeights = weights };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("--transition-weights", error.Message);
    }

    [Fact]
    public void Transition_weights_are_read_in_any_order_once_each()
    {
        var options = new TrainingOptions { Data = "games.txt", TransitionWeights = "1, 0.25,0,1" };
        options.Validate();
        Assert.Equal([0, 0.25, 1], options.TransitionWeightCandidates);
    }

    [Fact]
    public void Publishing_needs_a_registry_directory_and_a_version_that_can_be_a_file_name()
    {
        var redisAlone = Assert.Throws<ArgumentException>(new TrainingOptions { Data = "games.txt", Redis = "localhost:6379" }.Validate);
        Assert.Contains("--redis applies only with --publish", redisAlone.Message);
        var badVersion = Assert.Throws<ArgumentException>(new TrainingOptions { Data = "games.txt", Publish = "registry", Version = "../v1" }.Validate);
        Assert.Contains("--version: version '../v1' must start with a letter or digit", badVersion.Message);
        Assert.Contains("--publish needs the model registry directory.", Assert.Throws<ArgumentException>(new TrainingOptions { Data = "games.txt", Publish = " " }.Validate).Message);
        new TrainingOptions { Data = "games.txt", Publish = "registry", Redis = "localhost:6379", Version = "games-v1" }.Validate();
    }
}
