using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Interest.Inference;

/// <summary>
/// The batcher thread's Linux nice value: <see cref="InferenceOptions.BatcherNiceness"/> while the model keeps up, and
/// <see cref="InferenceOptions.BacklogNiceness"/> once it has had a backlog (each batch full and more requests waiting)
/// for <see cref="SustainedBacklog"/>.
/// Created and used on the batcher thread only; a no-op elsewhere than on Linux. libtorch's worker threads (with more
/// than one torch thread) keep the nice value the batcher had when they were created.
/// </summary>
internal sealed class BatcherThreadPriority
{
    /// <summary>
    /// How long a backlog lasts before the batcher's priority rises. A poll batch's burst of requests clears within
    /// this: raising the priority for it took the cores from lookups without need (docs/BENCHMARKS.md).
    /// </summary>
    public static readonly TimeSpan SustainedBacklog = TimeSpan.FromSeconds(2);

    private const int PriorityProcess = 0; // PRIO_PROCESS: with a thread id, applies to that thread only on Linux

    private readonly ILogger logger;
    private readonly int normal;
    private readonly int backlog;
    private bool adjustable;
    private long backlogSince;
    private int current; // the nice value the thread has now

    public BatcherThreadPriority(InferenceOptions options, ILogger logger)
    {
        this.logger = logger;
        if (!OperatingSystem.IsLinux()) return;
        ThreadId = GetThreadId();
        adjustable = options.BatcherNiceness != 0 || options.BacklogNiceness != 0;
        if (!adjustable) return;
        current = GetPriority(PriorityProcess, ThreadId); // the process's own, which the thread inherited
        normal = options.BatcherNiceness != 0 ? options.BatcherNiceness : current;
        backlog = options.BacklogNiceness != 0 ? options.BacklogNiceness : normal;
        Apply(normal);
    }

    /// <summary>The batcher's Linux thread id (0 elsewhere).</summary>
    public int ThreadId { get; }


    /// <summary>Called before each batch is computed.</summary>
    public void ForBatch(bool backlogged)
    {
        if (!backlogged)
        {
            backlogSince = 0;
            Apply(normal);
            return;
        }
        long now = Stopwatch.GetTimestamp();
        if (backlogSince == 0) backlogSince = now;
        if (Stopwatch.GetElapsedTime(backlogSince, now) >= SustainedBacklog) Apply(backlog);
    }

    private void Apply(int niceness)
    {
        if (!adjustable || niceness == current) return;
        if (SetPriority(PriorityProcess, ThreadId, niceness) == 0)
        {
            current = niceness;
            return;
        }
        // Raising a priority (a lower nice value) needs CAP_SYS_NICE or a matching RLIMIT_NICE: warn once and stay put.
        adjustable = false;
        InferenceLog.BatcherPriorityNotSet(logger, niceness, current, Marshal.GetLastPInvokeError());
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [DllImport("libc", EntryPoint = "getpriority")]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
