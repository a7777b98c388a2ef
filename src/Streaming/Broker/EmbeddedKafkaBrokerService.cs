using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interest.Streaming.Broker;

/// <summary>Runs an <see cref="EmbeddedKafkaBroker"/> for the host's lifetime when Kafka:BootstrapServers is empty.</summary>
public sealed class EmbeddedKafkaBrokerService(IOptions<KafkaOptions> options, ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private readonly KafkaOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<EmbeddedKafkaBrokerService>();

    /// <summary>The broker this host started; null with a real cluster or when another process's broker is shared.</summary>
    public EmbeddedKafkaBroker? Broker { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.UsesEmbeddedBroker) return;
        string? running = BootstrapFileWriter.TryRead(_options.BootstrapFile);
        if (running is not null && await KafkaBootstrap.IsAcceptingConnectionsAsync(running, cancellationToken).ConfigureAwait(false))
        {
            StreamingLog.UsingOtherProcessBroker(_logger, running);
            return;
        }
        Broker = new EmbeddedKafkaBroker(_options, loggerFactory.CreateLogger<EmbeddedKafkaBroker>());
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Broker?.Dispose();
        Broker = null;
    }
}
