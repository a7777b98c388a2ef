using ScottPlot;
using SkiaSharp;
using Interest.Training.Fitting;

namespace Interest.Training.Reporting;

/// <summary>
/// The training curves as a PNG of two panels: training loss per epoch on the left (the selection run, and the refit
/// on training and validation items when there was one); validation NDCG@10 per epoch of the selection run on the
/// right, the sampled protocol on the left axis and full ranking on its own right axis (its values are an order of
/// magnitude lower). A dashed grey line marks the picked epoch in both.
/// </summary>
public static class TrainingPlot
{
    public const int Width = 1200;
    public const int Height = 480;

    public static readonly Color Selection = new(200, 50, 40);
    public static readonly Color Refit = new(40, 150, 70);
    public static readonly Color Sampled = new(40, 90, 200);
    public static readonly Color Full = new(235, 140, 20);
    private static readonly Color Marker = new(150, 150, 150);

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
        using var loss = LossPanel(history, refitEpochs);
        using var ndcg = NdcgPanel(history);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        surface.Canvas.Clear(SKColors.White);
        DrawPanel(surface.Canvas, loss, 0);
        DrawPanel(surface.Canvas, ndcg, Width / 2);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>Renders a panel on its own surface first: a plot clears the whole canvas it is given.</summary>
    private static void DrawPanel(SKCanvas canvas, Plot plot, int left)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width / 2, Height));
        plot.Render(surface);
        using var image = surface.Snapshot();
        canvas.DrawImage(image, left, 0);
    }

    private static Plot LossPanel(TrainingHistory history, IReadOnlyList<RefitEpochRecord> refitEpochs)
    {
        var plot = NewPanel("Training loss", "cross-entropy per position");
        Line(plot, refitEpochs.Count == 0 ? "training loss" : "selection run", Selection,
            history.Epochs.Select(epoch => (epoch.Epoch, epoch.TrainingLoss)));
        if (refitEpochs.Count > 0)
        {
            Line(plot, "refit (training + validation items)", Refit, refitEpochs.Select(epoch => (epoch.Epoch, epoch.TrainingLoss)));
        }
        MarkBestEpoch(plot, history.BestEpoch);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static Plot NdcgPanel(TrainingHistory history)
    {
        var plot = NewPanel("Validation NDCG@10", "sampled NDCG@10");
        Line(plot, "sampled (left axis)", Sampled, history.Epochs.Select(epoch => (epoch.Epoch, epoch.Validation.Sampled.Ndcg)));
        var full = Line(plot, "full ranking (right axis)", Full, history.Epochs.Select(epoch => (epoch.Epoch, epoch.Validation.Full.Ndcg)));
        full.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "full-ranking NDCG@10";
        plot.Axes.Right.Label.ForeColor = Full;
        plot.Axes.Left.Label.ForeColor = Sampled;
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, UpperLimit(history.Epochs.Select(epoch => epoch.Validation.Sampled.Ndcg)), plot.Axes.Left);
        plot.Axes.SetLimitsY(0, UpperLimit(history.Epochs.Select(epoch => epoch.Validation.Full.Ndcg)), plot.Axes.Right);
        MarkBestEpoch(plot, history.BestEpoch);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static Plot NewPanel(string title, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return plot;
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, string label, Color colour, IEnumerable<(int Epoch, double Value)> points)
    {
        var finite = points.Where(point => double.IsFinite(point.Value)).ToArray();
        var line = plot.Add.Scatter(finite.Select(point => (double)point.Epoch).ToArray(), finite.Select(point => point.Value).ToArray(), colour);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 6;
        return line;
    }

    private static void MarkBestEpoch(Plot plot, int bestEpoch)
    {
        if (bestEpoch < 1) return;
        var marker = plot.Add.VerticalLine(bestEpoch, 1.5f, Marker, LinePattern.Dashed);
        marker.LegendText = $"picked epoch {bestEpoch}";
    }

    private static double UpperLimit(IEnumerable<double> values)
    {
        double max = values.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return max > 0 ? max * 1.08 : 1;
    }
}
