using Interest.Abstractions;
using Interest.Grains.Users;

namespace Interest.Silo.Models;

/// <summary>
/// Every <see cref="Interval"/> adds what this silo's user grains measured of each model version's online quality to
/// that version's <see cref="IModelQualityGrain"/>, so that an endpoint can show cluster-wide HR@10 and NDCG@10 per
/// version; what a failed report carried is kept for the next one.
/// </summary>
public sealed partial class OnlineQualityReporter(IGrainFactory grains, OnlineQualityLedger ledger, TimeProvider time, ILogger<OnlineQualityReporter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await ReportAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // The last measurements of a silo that stops go out with it, unless the cluster is already unreachable.
        await Task.WhenAny(ReportAsync(), Task.Delay(Interval, time));
    }

    private async Task ReportAsync()
    {
        foreach (var (version, totals) in ledger.TakeUnreported())
        {
            try
            {
                await grains.GetGrain<IModelQualityGrain>(version).Add(totals);
            }
            catch (Exception e)
            {
                ledger.Add(version, totals);
                LogReportFailed(logger, version, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Online quality of {Version} not reported yet: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string version, string reason);
}
