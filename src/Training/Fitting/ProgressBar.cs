using System.Diagnostics;
using System.Globalization;

namespace Interest.Training.Fitting;

/// <summary>
/// A one-line console progress bar with the running loss and throughput. On a terminal it redraws in place; when the
/// output is redirected (a log file) it writes a line every tenth of the epoch instead.
/// </summary>
public sealed class ProgressBar(TextWriter output, bool redraw)
{
    private const int Width = 30;

    private readonly Stopwatch _clock = new();
    private string _label = "";
    private long _total;
    private int _lastDecile = -1;
    private long _lastDrawTicks;

    /// <summary>A bar for the console's standard error, redrawn in place unless it is redirected.</summary>
    public static ProgressBar ForConsole() => new(Console.Error, !Console.IsErrorRedirected);

    public void Start(string label, long total)
    {
        _label = label;
        _total = Math.Max(1, total);
        _lastDecile = -1;
        _lastDrawTicks = 0;
        _clock.Restart();
    }

    public void Report(long done, double meanLoss, long sequencesDone)
    {
        double fraction = Math.Clamp(done / (double)_total, 0, 1);
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        if (redraw)
        {
            long now = _clock.ElapsedTicks;
            if (done < _total && now - _lastDrawTicks < Stopwatch.Frequency / 5) return;
            _lastDrawTicks = now;
            output.Write('\r' + Line(fraction, meanLoss, sequencesDone / seconds, seconds));
            if (done >= _total) output.WriteLine();
        }
        else
        {
            int decile = (int)(fraction * 10);
            if (decile == _lastDecile) return;
            _lastDecile = decile;
            output.WriteLine(Line(fraction, meanLoss, sequencesDone / seconds, seconds));
        }
        output.Flush();
    }

    private string Line(double fraction, double loss, double sequencesPerSecond, double seconds)
    {
        int filled = (int)Math.Round(fraction * Width);
        return string.Create(CultureInfo.InvariantCulture,
            $"{_label} [{new string('#', filled)}{new string('-', Width - filled)}] {fraction,4:P0} loss {loss:F4} {sequencesPerSecond,7:F0} seq/s {seconds,5:F0}s");
    }
}
