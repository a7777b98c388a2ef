using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Interest.ConsoleProgress;

/// <summary>
/// Progress of one long step towards a known total, with elapsed time and an ETA. On an interactive terminal it is a
/// Spectre.Console bar redrawn in place, and <see cref="WriteLine"/> prints above it; when standard output is not a
/// terminal (CI, a log file, a test capturing output) it writes a plain line each tenth of the way instead, so logs
/// stay readable and tools that parse the output see only whole lines.
/// </summary>
public sealed class PhaseProgress : IDisposable
{
    private readonly string _label;
    private readonly double _total;
    private readonly TextWriter? _plain;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource? _finished;
    private readonly Task? _display;
    private readonly ProgressTask? _bar;
    private int _lastTenth;
    private bool _disposed;

    private PhaseProgress(string label, double total, TextWriter? plain, bool live)
    {
        _label = label;
        _total = Math.Max(total, 1e-9);
        _plain = plain;
        if (!live) return;
        _finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        _display = AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ready.SetResult(context.AddTask(Markup.Escape(label), maxValue: _total));
                await _finished.Task;
            });
        _bar = ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>Whether standard output is an interactive terminal that can redraw a bar in place.</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>A bar on the terminal when there is one, else plain lines on <paramref name="plain"/> (standard output by default; null: none).</summary>
    public static PhaseProgress Start(string label, double total, TextWriter? plain) => new(label, total, plain, Interactive);

    public static PhaseProgress Start(string label, double total) => Start(label, total, Console.Out);

    /// <summary>Plain lines only, whatever the terminal: for tests and callers that own their output.</summary>
    public static PhaseProgress Plain(string label, double total, TextWriter? output) => new(label, total, output, live: false);

    public bool Live => _bar is not null;

    public double Total => _total;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Sets how far it has got; <paramref name="detail"/> (a rate, a loss) goes beside the label.</summary>
    public void Report(double done, string? detail = null)
    {
        done = Math.Clamp(done, 0, _total);
        if (_bar is not null)
        {
            _bar.Description = Markup.Escape(detail is null ? _label : $"{_label} {detail}");
            _bar.Value = done;
            return;
        }
        int tenth = (int)(done / _total * 10);
        if (tenth == _lastTenth) return;
        _lastTenth = tenth;
        _plain?.WriteLine(Line(done, detail));
        _plain?.Flush();
    }

    /// <summary>A line of output: above the bar while it is live, else straight to the plain output.</summary>
    public void WriteLine(string line)
    {
        if (_bar is not null) AnsiConsole.WriteLine(line);
        else _plain?.WriteLine(line);
    }

    /// <summary>The plain line: label, percentage, elapsed time and the time left at the rate so far.</summary>
    public string Line(double done, string? detail = null)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        double fraction = done / _total;
        string eta = fraction > 0 && fraction < 1 ? Duration(seconds * (1 - fraction) / fraction) : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{_label}{(detail is null ? "" : " " + detail)} {fraction * 100,3:F0}% elapsed {Duration(seconds)} eta {eta}");
    }

    private static string Duration(double seconds) =>
        TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_bar is null || _finished is null || _display is null) return;
        _bar.Value = _bar.MaxValue;
        _finished.TrySetResult();
        _display.GetAwaiter().GetResult();
    }
}
