using System.Globalization;
using Interest.ConsoleProgress;

namespace Interest.Training.Fitting;

/// <summary>
/// Progress through one epoch's positions with the running loss, throughput and ETA: a Spectre.Console bar when
/// <c>redraw</c> is set (the console is a terminal), else a plain line on <c>output</c> every tenth of the epoch.
/// </summary>
public sealed class ProgressBar(TextWriter output, bool redraw)
{
    private PhaseProgress? _phase;

    /// <summary>A bar on the terminal, or plain lines on standard error when output is redirected.</summary>
    public static ProgressBar ForConsole() => new(Console.Error, PhaseProgress.Interactive);

    public void Start(string label, long total)
    {
        _phase?.Dispose();
        _phase = redraw ? PhaseProgress.Start(label, Math.Max(1, total), output) : PhaseProgress.Plain(label, Math.Max(1, total), output);
    }

    public void Report(long done, double meanLoss, long sequencesDone)
    {
        if (_phase is null) return;
        double seconds = Math.Max(_phase.Elapsed.TotalSeconds, 1e-9);
        _phase.Report(done, string.Create(CultureInfo.InvariantCulture, $"loss {meanLoss:F4} {sequencesDone / seconds,7:F0} seq/s"));
        if (done >= _phase.Total)
        {
            _phase.Dispose();
            _phase = null;
        }
    }
}
