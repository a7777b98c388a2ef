using Interest.Grains.Inference;
using Interest.Grains.Users;
using Interest.Streaming.Consuming;
using Microsoft.Extensions.Options;

namespace Interest.Silo.Ingestion;

/// <summary>
/// Keeps the silo's <see cref="ServedCatalog"/> at the largest catalogue among the served model versions
/// (<see cref="Abstractions.ServedModels.LargestItemCount"/>), asking <see cref="IInferenceClient"/> as often as it
/// refreshes its own view (Users:ServedModelsRefresh). An item above it is unknown to every served version and is
/// dead-lettered by the consumer; an item that only the user's own version lacks is the user grain's to reject.
/// While no inference silo answers, the consumers wait (before the first answer) or keep the last size.
/// </summary>
public sealed class ServedCatalogFollower(
    IInferenceClient inference,
    ServedCatalog catalog,
    IOptions<UserGrainOptions> options,
    TimeProvider time,
    ILogger<ServedCatalogFollower> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ServedModelsRefresh > TimeSpan.Zero ? options.Value.ServedModelsRefresh : TimeSpan.FromSeconds(1);
        int failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = interval;
            try
            {
                var served = await inference.GetServedModelsAsync().AsTask().WaitAsync(stoppingToken);
                failures = 0;
                if (catalog.Update(served.LargestItemCount))
                {
                    logger.LogInformation("Served catalogue: items 1..{ItemCount} (current {Current}, candidate {Candidate})",
                        served.LargestItemCount, served.Current.Version, served.Candidate?.Version ?? "none");
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                failures++;
                delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, interval.Ticks * (1L << Math.Min(failures, 10))));
                if (catalog.ItemCount is { } kept)
                {
                    logger.LogWarning(e, "Could not ask the inference silos for the served models; keeping the catalogue 1..{ItemCount}, asking again in {DelayMs} ms",
                        kept, (long)delay.TotalMilliseconds);
                }
                else
                {
                    logger.LogWarning(e, "No inference silo has told the served models yet; the clickstream consumers wait; asking again in {DelayMs} ms",
                        (long)delay.TotalMilliseconds);
                }
            }
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
