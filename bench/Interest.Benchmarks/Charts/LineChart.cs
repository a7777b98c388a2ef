using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Interest.Benchmarks.Charts;

public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points, Color Colour, bool Dashed = false);

/// <summary>A ScottPlot line chart with optional log axes (whole decades, compact tick labels) and a legend, rendered to PNG.</summary>
public sealed class LineChart
{
    public static readonly Color[] Palette =
    [
        new(31, 119, 180), new(214, 39, 40), new(44, 160, 44), new(255, 127, 14), new(148, 103, 189), new(23, 190, 207), new(127, 127, 127),
    ];

    public required string Title { get; init; }

    public required string XLabel { get; init; }

    public required string YLabel { get; init; }

    public bool LogX { get; init; }

    public bool LogY { get; init; }

    public required IReadOnlyList<ChartSeries> Series { get; init; }

    public byte[] RenderPng(int width = 960, int height = 600)
    {
        using var plot = new Plot();
        plot.Title(Title);
        plot.XLabel(XLabel);
        plot.YLabel(YLabel);
        var drawn = new List<(double X, double Y)>();
        foreach (var series in Series)
        {
            var valid = series.Points.Where(p => Valid(p.X, LogX) && Valid(p.Y, LogY))
                .Select(p => (X: LogX ? Math.Log10(p.X) : p.X, Y: LogY ? Math.Log10(p.Y) : p.Y)).ToList();
            if (valid.Count == 0) continue;
            drawn.AddRange(valid);
            var line = plot.Add.Scatter(valid.Select(p => p.X).ToArray(), valid.Select(p => p.Y).ToArray(), series.Colour);
            line.LegendText = series.Name;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            if (series.Dashed) line.LinePattern = LinePattern.Dashed;
        }
        plot.Axes.Bottom.TickGenerator = Ticks(LogX);
        plot.Axes.Left.TickGenerator = Ticks(LogY);
        if (drawn.Count > 0)
        {
            plot.Axes.AutoScale();
            if (LogX) plot.Axes.SetLimitsX(Math.Floor(drawn.Min(p => p.X)), Math.Max(Math.Ceiling(drawn.Max(p => p.X)), Math.Floor(drawn.Min(p => p.X)) + 1));
            if (LogY) plot.Axes.SetLimitsY(Math.Floor(drawn.Min(p => p.Y)), Math.Max(Math.Ceiling(drawn.Max(p => p.Y)), Math.Floor(drawn.Min(p => p.Y)) + 1));
            plot.ShowLegend(Alignment.UpperLeft);
        }
        plot.Grid.MinorLineWidth = 1;
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.04);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>On a log axis the plotted values are log10 of the data: whole-decade labels, minor ticks at 2..9 of each decade.</summary>
    private static ITickGenerator Ticks(bool log) => log
        ? new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => Format(Math.Pow(10, exponent)),
        }
        : new NumericAutomatic { LabelFormatter = Format };

    private static bool Valid(double value, bool log) => double.IsFinite(value) && (!log || value > 0);

    public static string Format(double value)
    {
        double magnitude = Math.Abs(value);
        string Compact(double v, string suffix) => v.ToString(v >= 10 || v == Math.Floor(v) ? "0" : "0.#", CultureInfo.InvariantCulture) + suffix;
        if (magnitude >= 1e6) return Compact(value / 1e6, "M");
        if (magnitude >= 1e3) return Compact(value / 1e3, "K");
        if (magnitude >= 1 || magnitude == 0) return Compact(value, "");
        return value.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
