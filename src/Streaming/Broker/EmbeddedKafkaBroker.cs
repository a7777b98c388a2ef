using System.Collections.Concurrent;
using System.Net;
using Interest.Streaming.Native;
using Interest.Streaming.Producing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interest.Streaming.Broker;

/// <summary>
/// A single-broker Kafka (librdkafka's in-process mock cluster) for development and tests, used when
/// Kafka:BootstrapServers is empty. It keeps at most about 5 MiB or 100,000 message sets per partition and drops
/// the oldest beyond that without notice (see docs/KAFKA.md): producers must be paced by <see cref="ClickstreamPacer"/>.
/// </summary>
public sealed class EmbeddedKafkaBroker : IDisposable
{
    /// <summary>Real Kafka waits 3 s for more members before the first rebalance; one process rarely needs that.</summary>
    public static readonly TimeSpan GroupInitialRebalanceDelay = TimeSpan.FromMilliseconds(200);

    private static readonly ConcurrentDictionary<string, byte> RunningInProcess = new(StringComparer.Ordinal);

    private readonly MockClusterHandle _cluster;
    private readonly ILogger _logger;
    private readonly string _bootstrapFile;
    private readonly TcpRelay? _relay;
    private int _disposed;

    /// <summary>Starts the broker, creates the clickstream and dead-letter topics and writes the bootstrap file.</summary>
    public EmbeddedKafkaBroker(KafkaOptions options, ILogger<EmbeddedKafkaBroker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Options = options;
        _cluster = new MockClusterHandle(_logger);
        try
        {
            _cluster.SetGroupInitialRebalanceDelay(GroupInitialRebalanceDelay);
            CreateTopic(options.Topic, options.Partitions);
            CreateTopic(options.DeadLetterTopic, options.Partitions);
            LoopbackBootstrapServers = _cluster.BootstrapServers;
            BootstrapServers = LoopbackBootstrapServers;
            if (!string.IsNullOrWhiteSpace(options.EmbeddedAdvertisedAddress))
            {
                var loopback = IPEndPoint.Parse(LoopbackBootstrapServers);
                _relay = new TcpRelay(new IPEndPoint(IPAddress.Parse(options.EmbeddedAdvertisedAddress), loopback.Port), loopback, _logger);
                _cluster.SetAdvertisedListener(_relay.ListeningOn.Address.ToString(), _relay.ListeningOn.Port);
                BootstrapServers = _relay.ListeningOn.ToString();
                RunningInProcess[LoopbackBootstrapServers] = 0;
            }
            _bootstrapFile = Path.GetFullPath(options.BootstrapFile);
            BootstrapFileWriter.Write(_bootstrapFile, BootstrapServers);
            RunningInProcess[BootstrapServers] = 0;
        }
        catch
        {
            _relay?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _cluster.Dispose();
            throw;
        }

        StreamingLog.EmbeddedBrokerStarted(
            _logger, BootstrapServers, options.Topic, options.DeadLetterTopic, options.Partitions,
            _bootstrapFile, _cluster.LibraryPath);
    }

    public KafkaOptions Options { get; }

    /// <summary>
    /// Where clients bootstrap: the loopback listener, or with <see cref="KafkaOptions.EmbeddedAdvertisedAddress"/> the
    /// relay on that address (the address metadata then names, so every client must be able to reach it).
    /// </summary>
    public string BootstrapServers { get; }

    /// <summary>The address librdkafka's mock broker itself listens on.</summary>
    public string LoopbackBootstrapServers { get; }

    /// <summary>The full path of the bootstrap file this broker wrote.</summary>
    public string BootstrapFile => _bootstrapFile;

    /// <summary>Creates a topic with an explicit partition count (topics clients create implicitly get 4).</summary>
    public void CreateTopic(string topic, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _cluster.CreateTopic(topic, partitions);
    }

    /// <summary>
    /// True when these bootstrap servers are an embedded broker of this process (also when a host has copied the
    /// broker's address into Kafka:BootstrapServers), so that clients can adapt to the mock's behaviour.
    /// </summary>
    public static bool IsRunningInProcess(string? bootstrapServers) =>
        bootstrapServers is not null && RunningInProcess.ContainsKey(bootstrapServers.Trim());

    /// <summary>Stops the broker (clients still connected will see it go away) and removes the bootstrap file it wrote.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        RunningInProcess.TryRemove(BootstrapServers, out _);
        RunningInProcess.TryRemove(LoopbackBootstrapServers, out _);
        _relay?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _cluster.Dispose();
        BootstrapFileWriter.DeleteIfOwned(_bootstrapFile, BootstrapServers);
        StreamingLog.EmbeddedBrokerStopped(_logger, BootstrapServers);
    }
}
