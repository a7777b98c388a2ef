using Confluent.Kafka;
using Interest.Abstractions;
using Interest.Streaming.Broker;
using Interest.Streaming.Consuming;
using Interest.Streaming.Producing;

namespace Interest.Streaming.Tests.Support;

/// <summary>An embedded broker of its own for one test, with options pointing at it and helpers to run the consumer.</summary>
public sealed class KafkaTestBed : IAsyncDisposable
{
    /// <summary>The served catalogue a consumer validates against unless a test gives it one: the trained model's.</summary>
    public const int CatalogItemCount = 23715;

    private readonly List<IAsyncDisposable> _running = [];
    private readonly string _directory;

    public KafkaTestBed(ITestOutputHelper? output = null, int partitions = 4, Action<KafkaOptions>? configure = null)
    {
        _directory = Path.Combine(Path.GetTempPath(), "interest-streaming-tests", Guid.NewGuid().ToString("N"));
        Logs = new CapturingLoggerProvider(output);
        Options = new KafkaOptions
        {
            Partitions = partitions,
            BootstrapFile = Path.Combine(_directory, "kafka-bootstrap"),
            ConsumerGroup = "test-group",
        };
        configure?.Invoke(Options);
        // Options.BootstrapServers stays empty: clients find this broker through its bootstrap file, as on a dev machine.
        Broker = new EmbeddedKafkaBroker(Options, Logs.CreateLogger<EmbeddedKafkaBroker>());
    }

    public KafkaOptions Options { get; }

    public EmbeddedKafkaBroker Broker { get; }

    public CapturingLoggerProvider Logs { get; }

    public ClickstreamProducer CreateProducer() => new(Options, Broker.BootstrapServers, Logs.CreateLogger<ClickstreamProducer>());

    public async Task<RunningConsumer> StartConsumerAsync(IClickEventSink sink, IServedCatalog? catalog = null)
    {
        var consumer = new KafkaClickstreamConsumer(Microsoft.Extensions.Options.Options.Create(Options), sink,
            catalog ?? new ServedCatalog(CatalogItemCount), Logs.CreateLogger<KafkaClickstreamConsumer>());
        await consumer.StartAsync(CancellationToken.None);
        var running = new RunningConsumer(consumer);
        _running.Add(running);
        return running;
    }

    /// <summary>Reads everything on a topic from the start with a throwaway group.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic, int expected, TimeSpan timeout)
    {
        using var reader = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = Broker.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        reader.Subscribe(topic);
        var results = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + timeout;
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = reader.Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null) results.Add(result);
        }
        reader.Close();
        return results;
    }

    public WatermarkOffsets Watermarks(string topic, int partition)
    {
        using var observer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = Broker.BootstrapServers,
            GroupId = "watermarks",
        }).Build();
        return observer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(5));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _running) await running.DisposeAsync();
        Broker.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public static ClickEvent Event(string userId, int sequence, int itemId = 7, ClickEventType type = ClickEventType.View) =>
        new($"{userId}-{sequence}", userId, itemId, type, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}

public sealed class RunningConsumer(KafkaClickstreamConsumer consumer) : IAsyncDisposable
{
    private bool _stopped;

    public KafkaClickstreamConsumer Consumer { get; } = consumer;

    public ConsumerStatistics Statistics => Consumer.Statistics;

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await Consumer.StopAsync(CancellationToken.None);
        Consumer.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
