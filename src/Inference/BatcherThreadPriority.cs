using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Interest.Inference;

/// <summary>
/// The batcher thread's Linux nice value: <see cref="InferenceOptions.BatcherNiceness"/> while the model keeps up, and
/// <see cref="InferenceOptions.BacklogNiceness"/> once the model is behind: the batcher has waited for requests less than
/// <see cref="BehindBelowIdleShare"/> of the time, averaged over about <see cref="IdleAveragingTime"/>. It goes back when
/// that share exceeds <see cref="KeepingUpAboveIdleShare"/>.
/// Created and used on the batcher thread only; a no-op elsewhere than on Linux. libtorch's worker threads (with more
/// than one torch thread) keep the nice value the batcher had when they were created.
/// </summary>
internal sealed class BatcherThreadPriority
{
    /// <summary>
    /// Time constant of the idle share's exponential average. From idle, about three of them without a wait pass before
    /// the priority rises: a poll batch's burst of requests clears well within that, and raising the priority for a
    /// burst took the cores from lookups without need (docs/BENCHMARKS.md).
    /// </summary>
    public static readonly TimeSpan IdleAveragingTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// At the pipeline's maximum the batcher almost never waits, but its queue can run dry for a moment, so a single
    /// batch that is not full does not mean the model has caught up (it did reset an earlier trigger that way).
    /// </summary>
    public const double BehindBelowIdleShare = 0.05;

    public const double KeepingUpAboveIdleShare = 0.2;

    private const int PriorityProcess = 0; // PRIO_PROCESS: with a thread id, applies to that thread only on Linux

    private readonly ILogger _logger;
    private readonly int _normal;
    private readonly int _backlog;
    private bool _adjustable;
    private double _idleShare = 1;
    private long _lastBatchEnd = Stopwatch.GetTimestamp();
    private int _current; // the nice value the thread has now

    public BatcherThreadPriority(InferenceOptions options, ILogger logger)
    {
        _logger = logger;
        if (!OperatingSystem.IsLinux()) return;
        ThreadId = GetThreadId();
        _adjustable = options.BatcherNiceness != 0 || options.BacklogNiceness != 0;
        if (!_adjustable) return;
        _current = GetPriority(PriorityProcess, ThreadId); // the process's own, which the thread inherited
        _normal = options.BatcherNiceness != 0 ? options.BatcherNiceness : _current;
        _backlog = options.BacklogNiceness != 0 ? options.BacklogNiceness : _normal;
        Apply(_normal);
    }

    /// <summary>The batcher's Linux thread id (0 elsewhere).</summary>
    public int ThreadId { get; }

    /// <summary>Called after each batch with the time its computation took; the rest of the time since the previous
    /// batch ended the batcher was waiting for (or gathering) requests.</summary>
    public void AfterBatch(long computeTicks)
    {
        long now = Stopwatch.GetTimestamp();
        long elapsedTicks = Math.Max(now - _lastBatchEnd, 1);
        _lastBatchEnd = now;
        double decay = Math.Exp(-elapsedTicks / (IdleAveragingTime.TotalSeconds * Stopwatch.Frequency));
        double idle = Math.Clamp((double)(elapsedTicks - computeTicks) / elapsedTicks, 0, 1);
        _idleShare = _idleShare * decay + (1 - decay) * idle;
        if (_idleShare < BehindBelowIdleShare) Apply(_backlog);
        else if (_idleShare > KeepingUpAboveIdleShare) Apply(_normal);
    }

    private void Apply(int niceness)
    {
        if (!_adjustable || niceness == _current) return;
        if (SetPriority(PriorityProcess, ThreadId, niceness) == 0)
        {
            _current = niceness;
            return;
        }
        // Raising a priority (a lower nice value) needs CAP_SYS_NICE or a matching RLIMIT_NICE: warn once and stay put.
        _adjustable = false;
        InferenceLog.BatcherPriorityNotSet(_logger, niceness, _current, Marshal.GetLastPInvokeError());
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "getpriority")]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
