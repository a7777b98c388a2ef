using Interest.Streaming;
using Interest.Streaming.Generation;
using Interest.Streaming.Producing;
using Microsoft.Extensions.Options;

namespace Interest.Silo.Demo;

/// <summary>Produces the demo's synthetic clickstream into the silo's own Kafka topic at a steady rate.</summary>
public sealed class DemoClickstreamService(
    IOptions<DemoOptions> demo,
    IOptions<KafkaOptions> kafka,
    ILoggerFactory loggers,
    ILogger<DemoClickstreamService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = demo.Value;
        var stream = new SyntheticClickstream(new SyntheticClickstreamOptions
        {
            UserCount = settings.Users,
            CatalogItemCount = kafka.Value.CatalogItemCount,
            Seed = settings.Seed,
        });
        try
        {
            using var producer = await ClickstreamProducer.ConnectAsync(kafka.Value, TimeSpan.FromSeconds(30), loggers.CreateLogger<ClickstreamProducer>(), stoppingToken);
            using var pacer = new ClickstreamPacer(producer, new ClickstreamPacerOptions { EventsPerSecond = settings.EventsPerSecond },
                loggers.CreateLogger<ClickstreamPacer>());
            logger.LogInformation("Demo clickstream: {Rate} events/s over {Users} synthetic users", settings.EventsPerSecond, settings.Users);
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
}
