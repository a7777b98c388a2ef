using System.Diagnostics;

namespace Interest.Cluster.Tests.Fixtures;

/// <summary>Starts a program whose standard output and error go to a log file, and tells when it is ready.</summary>
public static class LoggedProcess
{
    /// <summary>
    /// Starts <paramref name="start"/> (which redirects both streams), appending every line to <paramref name="logPath"/>.
    /// <c>Ready</c> completes once a line of standard output contains <paramref name="readyLine"/>, and fails if the
    /// program exits first.
    /// </summary>
    public static (Process Process, Task Ready) Start(ProcessStartInfo start, string name, string logPath, string readyLine)
    {
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.WriteLine(e.Data);
            if (e.Data.Contains(readyLine, StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{name} exited during start; log {logPath}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, ready.Task);
    }
}
