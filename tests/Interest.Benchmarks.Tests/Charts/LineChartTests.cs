using Interest.Benchmarks.Charts;
using Interest.Testing;
using SkiaSharp;

namespace Interest.Benchmarks.Tests.Charts;

public sealed class LineChartTests
{
    private static SKColor Sk(ScottPlot.Color colour) => new(colour.R, colour.G, colour.B);

    [Fact]
    public void Chart_draws_each_series_in_its_colour_on_log_axes()
    {
        var chart = new LineChart
        {
            Title = "Test",
            XLabel = "x",
            YLabel = "y",
            LogX = true,
            LogY = true,
            Series =
            [
                new ChartSeries("a", [(100, 10), (1000, 100), (10000, 1000)], LineChart.Palette[1]),
                new ChartSeries("b", [(100, 20), (10000, 30)], LineChart.Palette[2], Dashed: true),
            ],
        };

        using var bitmap = PngAssert.Decodes(chart.RenderPng(400, 300), 400, 300);

        Assert.True(PngAssert.Colours(bitmap) > 50, "the chart is blank");
        Assert.True(PngAssert.Contains(bitmap, Sk(LineChart.Palette[1])), "series a is not drawn");
        Assert.True(PngAssert.Contains(bitmap, Sk(LineChart.Palette[2])), "series b is not drawn");
        Assert.False(PngAssert.Contains(bitmap, Sk(LineChart.Palette[4]), tolerance: 4), "a colour no series has is drawn");
    }

    [Fact]
    public void Series_without_positive_values_on_a_log_axis_still_render()
    {
        var chart = new LineChart
        {
            Title = "Empty",
            XLabel = "x",
            YLabel = "y",
            LogY = true,
            Series = [new ChartSeries("zeros", [(1, 0), (2, 0)], LineChart.Palette[0])],
        };

        using var bitmap = PngAssert.Decodes(chart.RenderPng(200, 100), 200, 100);
        Assert.False(PngAssert.Contains(bitmap, Sk(LineChart.Palette[0]), tolerance: 4), "a series with no valid point is drawn");
    }

    [Fact]
    public void The_title_is_drawn_as_text()
    {
        LineChart Chart(string title) => new() { Title = title, XLabel = "x", YLabel = "y", Series = [new ChartSeries("a", [(1, 1), (2, 2)], LineChart.Palette[0])] };

        using var titled = PngAssert.Decodes(Chart("Throughput").RenderPng(400, 300), 400, 300);
        using var untitled = PngAssert.Decodes(Chart("").RenderPng(400, 300), 400, 300);

        // Without a font Skia draws no glyphs and measures the title as empty, so both images come out the same (on
        // Debian: apt-get install fonts-dejavu-core, as scripts/test.sh does).
        int dark = Enumerable.Range(0, 400).SelectMany(x => Enumerable.Range(0, 28).Select(y => titled.GetPixel(x, y)))
            .Count(pixel => pixel.Red < 100 && pixel.Green < 100 && pixel.Blue < 100);
        Assert.True(dark > 30, $"only {dark} dark pixels where the title should be");
        Assert.NotEqual(untitled.Pixels.Take(400 * 28), titled.Pixels.Take(400 * 28));
    }

    [Theory]
    [InlineData(1500, "1.5K")]
    [InlineData(20000, "20K")]
    [InlineData(2_000_000, "2M")]
    [InlineData(5, "5")]
    [InlineData(0.25, "0.25")]
    public void Tick_labels_are_compact(double value, string label) => Assert.Equal(label, LineChart.Format(value));
}
