using Interest.Testing;
using Interest.Training.Evaluation;
using Interest.Training.Fitting;
using Interest.Training.Reporting;
using SkiaSharp;

namespace Interest.Training.Tests.Reporting;

public sealed class TrainingPlotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("training-plot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TrainingHistory History(int epochs) => new(
        Enumerable.Range(1, epochs).Select(epoch => new EpochRecord(epoch, 8.0 / epoch,
            new StageMetrics(500, new RankingMetrics(0.3 + 0.05 * epoch, 0.2 + 0.04 * epoch), new RankingMetrics(0.02 + 0.004 * epoch, 0.01 + 0.002 * epoch)),
            1e-3, 10, 2, 1000)).ToList(),
        BestEpoch: epochs - 1, StoppedEarly: false, Seconds: 60);

    private static SKColor Sk(ScottPlot.Color colour) => new(colour.R, colour.G, colour.B);

    [Fact]
    public void Plot_file_is_a_png_of_the_declared_size_with_every_curve_drawn()
    {
        var refit = Enumerable.Range(1, 4).Select(epoch => new RefitEpochRecord(epoch, 7.5 / epoch, 1e-3, 10, 1000)).ToList();
        string path = Path.Combine(_directory, "nested", "plot.png");

        TrainingPlot.Write(path, History(6), refit);

        using var bitmap = PngAssert.Decodes(File.ReadAllBytes(path), TrainingPlot.Width, TrainingPlot.Height);
        Assert.True(PngAssert.Colours(bitmap) > 50, $"only {PngAssert.Colours(bitmap)} colours: the plot is blank");
        foreach (var colour in new[] { TrainingPlot.Selection, TrainingPlot.Refit, TrainingPlot.Sampled, TrainingPlot.Full })
        {
            Assert.True(PngAssert.Contains(bitmap, Sk(colour)), $"no pixel of the curve colour {colour}");
        }
    }

    [Fact]
    public void Plot_without_a_refit_has_no_refit_curve()
    {
        using var bitmap = PngAssert.Decodes(TrainingPlot.Render(History(3), []), TrainingPlot.Width, TrainingPlot.Height);

        Assert.True(PngAssert.Contains(bitmap, Sk(TrainingPlot.Selection)));
        Assert.False(PngAssert.Contains(bitmap, Sk(TrainingPlot.Refit), tolerance: 4));
    }

    [Fact]
    public void A_blank_image_counts_as_blank()
    {
        using var blank = new SKBitmap(40, 30);
        blank.Erase(SKColors.White);
        using var png = blank.Encode(SKEncodedImageFormat.Png, 100);

        using var decoded = PngAssert.Decodes(png.ToArray(), 40, 30);
        Assert.Equal(1, PngAssert.Colours(decoded));
    }
}
