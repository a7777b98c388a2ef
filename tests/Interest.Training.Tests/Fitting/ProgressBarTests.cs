using Interest.Training.Fitting;

namespace Interest.Training.Tests.Fitting;

public sealed class ProgressBarTests
{
    [Fact]
    public void Redirected_output_gets_one_plain_line_per_tenth_with_loss_and_eta()
    {
        var output = new StringWriter();
        var bar = new ProgressBar(output, redraw: false);

        bar.Start("epoch 1/3", 1000);
        for (long done = 50; done <= 1000; done += 50) bar.Report(done, 2.5, done / 10);

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^epoch 1/3 loss 2\.5000 +\d+ seq/s +\d+% elapsed \d+:\d\d eta (\d+:\d\d|-)$", line));
        Assert.EndsWith("100% elapsed 0:00 eta -", lines[^1]);
        Assert.DoesNotContain('\r', output.ToString());
    }
}
