using Interest.Abstractions;
using Interest.Streaming;
using Interest.Streaming.Broker;
using Interest.Streaming.Producing;
using Microsoft.Extensions.Options;

namespace Interest.Web.Api;

/// <summary>Produces accepted events to the clickstream topic; the producer connects on first use.</summary>
public sealed class KafkaClickEventPublisher(IOptions<KafkaOptions> options, ILoggerFactory loggers) : IClickEventPublisher, IDisposable
{
    private readonly Lazy<ClickstreamProducer> _producer = new(() => new ClickstreamProducer(
        options.Value, KafkaBootstrap.Resolve(options.Value, TimeSpan.FromSeconds(30)), loggers.CreateLogger<ClickstreamProducer>()));

    public Task PublishAsync(ClickEvent clickEvent, CancellationToken cancellationToken) => _producer.Value.ProduceAsync(clickEvent, cancellationToken);

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Dispose();
        }
    }
}
