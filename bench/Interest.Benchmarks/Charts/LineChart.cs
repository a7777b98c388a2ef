using System.Globalization;
using Interest.Imaging;

namespace Interest.Benchmarks.Charts;

public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points, Rgb Colour, bool Dashed = false);

/// <summary>A line chart with optional log axes, grid, tick labels and a legend, rendered to PNG.</summary>
public sealed class LineChart
{
    private const int Left = 90, Right = 30, Top = 60, Bottom = 70;

    public static readonly Rgb[] Palette =
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
        var canvas = new Canvas(width, height, PixelFont.Instance, Rgb.White);
        var points = Series.SelectMany(s => s.Points).Where(p => Valid(p.X, LogX) && Valid(p.Y, LogY)).ToList();
        canvas.Text(Left, 18, Title, Rgb.Black, 2);
        canvas.Text(Left, Top - 20, YLabel, Rgb.Axis, 1);
        canvas.Text(Left + (width - Left - Right - canvas.TextWidth(XLabel, 1)) / 2, height - 22, XLabel, Rgb.Axis, 1);
        if (points.Count == 0) return canvas.ToPng();

        var x = new Axis(points.Min(p => p.X), points.Max(p => p.X), LogX, Left, width - Right);
        var y = new Axis(LogY ? points.Min(p => p.Y) : Math.Min(0, points.Min(p => p.Y)), points.Max(p => p.Y), LogY, height - Bottom, Top);

        foreach (double tick in x.Ticks())
        {
            int px = x.ToPixel(tick);
            canvas.Line(px, Top, px, height - Bottom, Rgb.Grid);
            string label = Format(tick);
            canvas.Text(px - canvas.TextWidth(label, 1) / 2, height - Bottom + 8, label, Rgb.Axis, 1);
        }
        foreach (double tick in y.Ticks())
        {
            int py = y.ToPixel(tick);
            canvas.Line(Left, py, width - Right, py, Rgb.Grid);
            string label = Format(tick);
            canvas.Text(Left - 8 - canvas.TextWidth(label, 1), py - 3, label, Rgb.Axis, 1);
        }
        canvas.Line(Left, Top, Left, height - Bottom, Rgb.Axis);
        canvas.Line(Left, height - Bottom, width - Right, height - Bottom, Rgb.Axis);

        foreach (var series in Series)
        {
            var valid = series.Points.Where(p => Valid(p.X, LogX) && Valid(p.Y, LogY)).ToList();
            for (int i = 1; i < valid.Count; i++)
            {
                canvas.Line(x.ToPixel(valid[i - 1].X), y.ToPixel(valid[i - 1].Y), x.ToPixel(valid[i].X), y.ToPixel(valid[i].Y),
                    series.Colour, thickness: 2, dash: series.Dashed ? 6 : 0);
            }
            foreach (var point in valid) canvas.Fill(x.ToPixel(point.X) - 3, y.ToPixel(point.Y) - 3, 7, 7, series.Colour);
        }
        DrawLegend(canvas, width);
        return canvas.ToPng();
    }

    private void DrawLegend(Canvas canvas, int width)
    {
        int lineHeight = 14;
        int boxWidth = Series.Max(s => canvas.TextWidth(s.Name, 1)) + 44;
        int left = width - Right - boxWidth - 8, top = Top + 8;
        canvas.Fill(left, top, boxWidth, Series.Count * lineHeight + 8, Rgb.White);
        for (int i = 0; i < Series.Count; i++)
        {
            int row = top + 6 + i * lineHeight;
            canvas.Line(left + 6, row + 3, left + 30, row + 3, Series[i].Colour, thickness: 2, dash: Series[i].Dashed ? 4 : 0);
            canvas.Text(left + 36, row, Series[i].Name, Rgb.Black, 1);
        }
    }

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

    /// <summary>Maps data values to pixels, linearly or by log10, with round tick values.</summary>
    private sealed class Axis
    {
        private readonly double _low, _high;
        private readonly bool _log;
        private readonly int _fromPixel, _toPixel;

        public Axis(double min, double max, bool log, int fromPixel, int toPixel)
        {
            _log = log;
            _fromPixel = fromPixel;
            _toPixel = toPixel;
            if (log)
            {
                _low = Math.Floor(Math.Log10(min));
                _high = Math.Ceiling(Math.Log10(max));
                if (_high <= _low) _high = _low + 1;
            }
            else
            {
                double step = NiceStep(Math.Max(max - min, Math.Abs(max) * 0.1 + 1e-9) / 6);
                _low = Math.Floor(min / step) * step;
                _high = Math.Ceiling(max / step) * step;
                if (_high <= _low) _high = _low + step;
            }
        }

        public int ToPixel(double value)
        {
            double v = _log ? Math.Log10(value) : value;
            return (int)Math.Round(_fromPixel + (v - _low) / (_high - _low) * (_toPixel - _fromPixel));
        }

        public IEnumerable<double> Ticks()
        {
            if (_log)
            {
                bool dense = _high - _low <= 3;
                for (double exponent = _low; exponent <= _high; exponent++)
                {
                    double decade = Math.Pow(10, exponent);
                    yield return decade;
                    if (dense && exponent < _high)
                    {
                        yield return 2 * decade;
                        yield return 5 * decade;
                    }
                }
                yield break;
            }
            double step = NiceStep((_high - _low) / 6);
            for (double value = _low; value <= _high + step / 2; value += step) yield return Math.Round(value, 9);
        }

        private static double NiceStep(double rough)
        {
            double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            double fraction = rough / power;
            return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
        }
    }
}
