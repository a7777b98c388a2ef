using System.Diagnostics;

namespace Interest.Benchmarks.Measurement;

/// <summary>
/// How long a thread that becomes runnable waits for a core on this machine: a thread of its own asks to sleep 1 ms,
/// again and again, and records how much later than asked it ran. Every hop of a lookup (the generator's and the web
/// tier's socket reads, Redis' event loop, the continuation that writes the answer) is such a wake-up, so these
/// percentiles are what each hop can cost whatever the code does (docs/BENCHMARKS.md, "Where the misses come from").
/// </summary>
public sealed class WakeupLatencyProbe : IDisposable
{
    private static readonly TimeSpan Asked = TimeSpan.FromMilliseconds(1);

    private readonly LatencySamples _lateness = new();
    private readonly Thread _thread;
    private volatile bool _stopping;

    private WakeupLatencyProbe()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "wakeup-probe" };
        _thread.Start();
    }

    public static WakeupLatencyProbe Start() => new();

    /// <summary>Stops the probe and summarises the lateness of its wake-ups, in milliseconds.</summary>
    public LatencySummary Stop()
    {
        _stopping = true;
        _thread.Join();
        return _lateness.Summarise();
    }

    private void Run()
    {
        while (!_stopping)
        {
            long start = Stopwatch.GetTimestamp();
            Thread.Sleep(Asked);
            _lateness.Add(Math.Max(0, (Stopwatch.GetElapsedTime(start) - Asked).TotalMilliseconds));
        }
    }

    public void Dispose()
    {
        if (!_stopping) Stop();
    }
}
