using Interest.Grains.Inference;
using Interest.Streaming;
using Interest.Streaming.Generation;
using Interest.Streaming.Producing;
using Microsoft.Extensions.Options;

namespace Interest.Silo.Demo;

/// <summary>
/// Produces the demo's synthetic clickstream into the silo's own Kafka topic at a steady rate, over the catalogue of
/// the model served when it starts.
/// </summary>
public sealed class DemoClickstreamService(
    IOptions<DemoOptions> demo,
    IOptions<KafkaOptions> kafka,
    IInferenceClient inference,
    ILoggerFactory loggers,
    ILogger<DemoClickstreamService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = demo.Value;
        try
        {
            int items = await CurrentCatalogueAsync(stoppingToken);
            var stream = new SyntheticClickstream(new SyntheticClickstreamOptions
            {
                UserCount = settings.Users,
                CatalogItemCount = items,
                Seed = settings.Seed,
            });
            using var producer = await ClickstreamProducer.ConnectAsync(kafka.Value, TimeSpan.FromSeconds(30), loggers.CreateLogger<ClickstreamProducer>(), stoppingToken);
            using var pacer = new ClickstreamPacer(producer, new ClickstreamPacerOptions { EventsPerSecond = settings.EventsPerSecond },
                loggers.CreateLogger<ClickstreamPacer>());
            logger.LogInformation("Demo clickstream: {Rate} events/s over {Users} synthetic users and items 1..{Items}", settings.EventsPerSecond, settings.Users, items);
            await pacer.RunAsync(stream.Generate(), cancellationToken: stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "The demo clickstream stopped");
        }
    }

    /// <summary>
    /// The current model's catalogue rather than the largest served one: every synthetic user, whichever version
    /// serves them, can then apply every event.
    /// </summary>
    private async Task<int> CurrentCatalogueAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                return (await inference.GetServedModelsAsync().AsTask().WaitAsync(stoppingToken)).Current.ItemCount;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogInformation("Demo clickstream waits for the served model: {Error}", e.Message);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }
}
