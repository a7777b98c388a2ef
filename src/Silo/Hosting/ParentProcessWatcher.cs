using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Interest.Silo.Hosting;

/// <summary>
/// Stops the silo gracefully when the process that launched it (Silo:ParentProcessId) is gone, so that a silo started
/// by a test host, a benchmark or a supervisor that crashed does not run on by itself. A new process that happens to
/// reuse the id is told apart by its start time.
/// </summary>
public sealed partial class ParentProcessWatcher(
    IOptions<SiloSettings> settings, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int parentId = settings.Value.ParentProcessId;
        var parentStart = StartTimeOf(parentId);
        if (parentStart is not null)
        {
            Watching(logger, parentId);
            using var timer = new PeriodicTimer(CheckInterval);
            while (StartTimeOf(parentId) == parentStart) await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        ParentGone(logger, parentId);
        lifetime.StopApplication();
    }

    /// <summary>The start time of the running process with this id, or null when there is none.</summary>
    private static DateTime? StartTimeOf(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited ? null : process.StartTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Will stop when process {ProcessId}, which launched this silo, exits")]
    private static partial void Watching(ILogger logger, int processId);

    [LoggerMessage(2, LogLevel.Warning, "Process {ProcessId}, which launched this silo, is gone; stopping")]
    private static partial void ParentGone(ILogger logger, int processId);
}
