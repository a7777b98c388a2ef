using Interest.Training.Fitting;
using static TorchSharp.torch;

namespace Interest.Training.Tests.Fitting;

[Collection(TorchGlobalState.Name)]
public sealed class WeightAverageTests
{
    [Fact]
    public void The_average_folds_in_each_step_at_the_ramped_decay()
    {
        using var layer = nn.Linear(2, 1, hasBias: false);
        using (no_grad()) layer.weight!.copy_(tensor(new float[] { 1, 2 }).reshape(1, 2));
        using var average = new WeightAverage(layer, decay: 0.5);

        using (no_grad()) layer.weight!.copy_(tensor(new float[] { 3, 6 }).reshape(1, 2));
        average.Update(); // step 1: keep min(0.5, 2 / 11) of the average
        using (no_grad()) layer.weight!.copy_(tensor(new float[] { 5, 10 }).reshape(1, 2));
        average.Update(); // step 2: keep min(0.5, 3 / 12) = 0.25

        double first = 2.0 / 11 * 1 + 9.0 / 11 * 3;
        double expected = 0.25 * first + 0.75 * 5;
        average.Swap();
        var weights = layer.weight!.data<float>().ToArray();
        Assert.Equal(expected, weights[0], 5);
        Assert.Equal(2 * expected, weights[1], 5);
    }

    [Fact]
    public void A_decay_outside_zero_to_one_is_refused()
    {
        var options = new TrainingOptions { Data = "games.txt", WeightAverageDecay = 1 };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("--weight-average-decay", error.Message);
    }
}
