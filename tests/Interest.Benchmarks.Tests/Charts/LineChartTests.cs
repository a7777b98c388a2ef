using System.Buffers.Binary;
using Interest.Benchmarks.Charts;
using Interest.Imaging;

namespace Interest.Benchmarks.Tests.Charts;

public sealed class LineChartTests
{
    [Fact]
    public void Chart_draws_each_series_in_its_colour_on_log_axes()
    {
        var red = new Rgb(214, 39, 40);
        var chart = new LineChart
        {
            Title = "Test",
            XLabel = "x",
            YLabel = "y",
            LogX = true,
            LogY = true,
            Series = [new ChartSeries("a", [(100, 10), (1000, 100), (10000, 1000)], red)],
        };

        byte[] png = chart.RenderPng(400, 300);

        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
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

        Assert.True(chart.RenderPng(200, 100).AsSpan(0, 8).SequenceEqual(PngEncoder.Signature));
    }

    [Theory]
    [InlineData(1500, "1.5K")]
    [InlineData(20000, "20K")]
    [InlineData(2_000_000, "2M")]
    [InlineData(5, "5")]
    [InlineData(0.25, "0.25")]
    public void Tick_labels_are_compact(double value, string label) => Assert.Equal(label, LineChart.Format(value));
}
