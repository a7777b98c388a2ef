using Interest.Streaming.Broker;

namespace Interest.Silo.Hosting;

/// <summary>
/// Owns the embedded broker that the silo started while it was being built, and the loggers it logs to: stopping it
/// (on the host's stop, or on its disposal after a failed start) removes the bootstrap file it wrote.
/// </summary>
internal sealed class EmbeddedBrokerLifetime(EmbeddedKafkaBroker broker, ILoggerFactory brokerLoggers) : IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        broker.Dispose();
        brokerLoggers.Dispose();
    }
}
