using System.Globalization;
using Interest.Imaging;
using Interest.Training.Fitting;

namespace Interest.Training.Reporting;

/// <summary>
/// The training curves as a PNG: training loss per epoch on the left (the selection run in red, the refit on training
/// and validation items in green); validation NDCG@10 per epoch of the selection run on the right (sampled protocol in
/// blue, full ranking in orange), the picked epoch marked by a grey line.
/// </summary>
public static class TrainingPlot
{
    public const int Width = 960;
    public const int Height = 400;

    private static readonly Rgb White = new(255, 255, 255);
    private static readonly Rgb Ink = new(40, 40, 40);
    private static readonly Rgb Grid = new(225, 225, 225);
    private static readonly Rgb Marker = new(160, 160, 160);
    private static readonly Rgb Red = new(200, 50, 40);
    private static readonly Rgb Blue = new(40, 90, 200);
    private static readonly Rgb Orange = new(235, 140, 20);
    private static readonly Rgb Green = new(40, 150, 70);

    private sealed record Series(string Label, Rgb Colour, double[] Values);

    public static void Write(string path, TrainingHistory history, IReadOnlyList<RefitEpochRecord> refitEpochs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllBytes(fullPath, Render(history, refitEpochs));
    }

    public static byte[] Render(TrainingHistory history, IReadOnlyList<RefitEpochRecord> refitEpochs)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(refitEpochs);
        var epochs = history.Epochs;
        var raster = new Canvas(Width, Height, PixelFont.Instance, White);
        int half = Width / 2;
        DrawPanel(raster, 0, half, "TRAINING LOSS", history.BestEpoch, epochs.Count,
            refitEpochs.Count == 0
                ? [new Series("LOSS", Red, epochs.Select(epoch => epoch.TrainingLoss).ToArray())]
                : [
                    new Series("SELECTION", Red, epochs.Select(epoch => epoch.TrainingLoss).ToArray()),
                    new Series("REFIT", Green, refitEpochs.Select(epoch => epoch.TrainingLoss).ToArray()),
                ],
            fromZero: false);
        DrawPanel(raster, half, half, "VALIDATION NDCG AT 10", history.BestEpoch, epochs.Count,
        [
            new Series("SAMPLED", Blue, epochs.Select(epoch => epoch.Validation.Sampled.Ndcg).ToArray()),
            new Series("FULL", Orange, epochs.Select(epoch => epoch.Validation.Full.Ndcg).ToArray()),
        ], fromZero: true);
        return raster.ToPng();
    }

    private static void DrawPanel(Canvas raster, int left, int width, string title, int bestEpoch, int epochCount, Series[] series, bool fromZero)
    {
        const int marginLeft = 70, marginRight = 20, marginTop = 52, marginBottom = 50;
        int plotLeft = left + marginLeft;
        int plotRight = left + width - marginRight;
        int plotTop = marginTop;
        int plotBottom = Height - marginBottom;

        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double low = fromZero ? 0 : values.Min();
        double high = values.Max();
        if (high - low < 1e-9) { high += 0.5; low -= fromZero ? 0 : 0.5; }
        double padding = (high - low) * 0.05;
        high += padding;
        if (!fromZero) low -= padding;

        int X(int epoch) => epochCount <= 1 ? (plotLeft + plotRight) / 2
            : plotLeft + (int)Math.Round((epoch - 1) * (plotRight - plotLeft) / (double)(epochCount - 1));
        int Y(double value) => plotBottom - (int)Math.Round((value - low) / (high - low) * (plotBottom - plotTop));

        for (int tick = 0; tick <= 4; tick++)
        {
            double value = low + (high - low) * tick / 4;
            int y = Y(value);
            raster.Line(plotLeft, y, plotRight, y, Grid);
            string label = value.ToString("0.000", CultureInfo.InvariantCulture);
            raster.Text(plotLeft - 8 - raster.TextWidth(label), y - 5, label, Ink);
        }
        if (bestEpoch >= 1) raster.Line(X(bestEpoch), plotTop, X(bestEpoch), plotBottom, Marker);
        raster.Line(plotLeft, plotTop, plotLeft, plotBottom, Ink);
        raster.Line(plotLeft, plotBottom, plotRight, plotBottom, Ink);

        int step = Math.Max(1, (int)Math.Ceiling(epochCount / 10.0));
        for (int epoch = 1; epoch <= epochCount; epoch += step)
        {
            string label = epoch.ToString(CultureInfo.InvariantCulture);
            raster.Line(X(epoch), plotBottom, X(epoch), plotBottom + 4, Ink);
            raster.Text(X(epoch) - raster.TextWidth(label) / 2, plotBottom + 9, label, Ink);
        }
        raster.Text((plotLeft + plotRight - raster.TextWidth("EPOCH")) / 2, plotBottom + 28, "EPOCH", Ink);
        raster.Text(plotLeft, 12, title, Ink, scale: 3);

        int legendX = plotRight;
        foreach (var line in series.Reverse())
        {
            legendX -= raster.TextWidth(line.Label) + 30;
            raster.Fill(legendX, plotTop - 14, 14, 4, line.Colour);
            raster.Text(legendX + 18, plotTop - 17, line.Label, Ink);
        }

        foreach (var line in series)
        {
            for (int i = 0; i < line.Values.Length; i++)
            {
                int x = X(i + 1), y = Y(line.Values[i]);
                if (i > 0) raster.Line(X(i), Y(line.Values[i - 1]), x, y, line.Colour, thickness: 2);
                raster.Fill(x - 3, y - 3, 7, 7, line.Colour);
            }
        }
    }
}
