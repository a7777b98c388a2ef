using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Interest.Abstractions;
using Interest.Streaming.Broker;
using Interest.Streaming.Codec;
using Interest.Streaming.Tracing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Interest.Streaming.Producing;

/// <summary>
/// Writes click events to the clickstream topic, keyed by user id so that one user's events stay ordered in one
/// partition. Idempotent with acks=all: a retried send is not duplicated by the broker.
/// </summary>
public sealed class ClickstreamProducer : IDisposable
{
    private static readonly TimeSpan QueueFullWait = TimeSpan.FromMilliseconds(5);

    private readonly IProducer<string, byte[]> _producer;
    private readonly ILogger _logger;
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivery;
    private long _produced;
    private long _acknowledged;
    private long _failed;

    public ClickstreamProducer(KafkaOptions options, string bootstrapServers, ILogger<ClickstreamProducer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        options.Validate();
        Options = options;
        BootstrapServers = bootstrapServers;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _producer = new ProducerBuilder<string, byte[]>(KafkaClientConfigs.Producer(options, bootstrapServers, KafkaClientConfigs.ClientId("producer")))
            .SetLogHandler((_, message) => StreamingLog.ClientLog(_logger, message.Facility, message.Message))
            .Build();
        _onDelivery = OnDelivery;
    }

    /// <summary>Connects to Kafka:BootstrapServers or, when unset, to the embedded broker of a running silo.</summary>
    public static async Task<ClickstreamProducer> ConnectAsync(
        KafkaOptions options, TimeSpan waitForBroker, ILogger<ClickstreamProducer>? logger = null, CancellationToken cancellationToken = default)
    {
        string bootstrapServers = await KafkaBootstrap.ResolveAsync(options, waitForBroker, cancellationToken).ConfigureAwait(false);
        return new ClickstreamProducer(options, bootstrapServers, logger);
    }

    public KafkaOptions Options { get; }

    public string BootstrapServers { get; }

    /// <summary>The underlying client, e.g. to build a dependent admin client on it.</summary>
    public Handle Handle => _producer.Handle;

    /// <summary>Events handed to the client so far.</summary>
    public long Produced => Interlocked.Read(ref _produced);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long DeliveryErrors => Interlocked.Read(ref _failed);

    /// <summary>Handed to the client but not yet acknowledged or failed.</summary>
    public long InFlight => Produced - Acknowledged - DeliveryErrors;

    /// <summary>Fire-and-forget: blocks only while the client's send queue is full; failures are counted in <see cref="DeliveryErrors"/>.</summary>
    public void Produce(ClickEvent clickEvent)
    {
        ArgumentNullException.ThrowIfNull(clickEvent);
        var message = new Message<string, byte[]> { Key = clickEvent.UserId, Value = ClickEventJson.Serialize(clickEvent) };
        // Fire and forget: the span covers the hand-over to the client, not the broker's acknowledgement.
        using var publish = ClickstreamTracing.StartPublish(message, Options.Topic);
        while (true)
        {
            try
            {
                Interlocked.Increment(ref _produced);
                _producer.Produce(Options.Topic, message, _onDelivery);
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                Interlocked.Decrement(ref _produced);
                _producer.Poll(QueueFullWait);
            }
            catch
            {
                Interlocked.Decrement(ref _produced);
                throw;
            }
        }
    }

    /// <summary>Completes when the broker acknowledged the event.</summary>
    /// <exception cref="ProduceException{TKey,TValue}">The broker did not accept it.</exception>
    public Task<TopicPartitionOffset> ProduceAsync(ClickEvent clickEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clickEvent);
        return ProduceRawAsync(clickEvent.UserId, ClickEventJson.Serialize(clickEvent), cancellationToken);
    }

    /// <summary>Any key and bytes, valid or not: for tools and tests of the consumer's validation.</summary>
    public async Task<TopicPartitionOffset> ProduceRawAsync(string? key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var message = new Message<string, byte[]> { Key = key!, Value = value };
        using var publish = ClickstreamTracing.StartPublish(message, Options.Topic);
        Interlocked.Increment(ref _produced);
        try
        {
            var result = await _producer.ProduceAsync(Options.Topic, message, cancellationToken).ConfigureAwait(false);
            publish?.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(CultureInfo.InvariantCulture));
            publish?.SetTag("messaging.kafka.offset", result.Offset.Value);
            Interlocked.Increment(ref _acknowledged);
            StreamingMetrics.Produced.Add(1);
            return result.TopicPartitionOffset;
        }
        catch (ProduceException<string, byte[]> e)
        {
            publish?.SetStatus(ActivityStatusCode.Error, e.Error.Reason);
            RecordFailure(e.Error);
            throw;
        }
        catch
        {
            Interlocked.Decrement(ref _produced);
            throw;
        }
    }

    /// <summary>Waits until everything produced so far is acknowledged or failed; returns false on timeout.</summary>
    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Flush(CancellationToken cancellationToken) => _producer.Flush(cancellationToken);

    /// <summary>Serves delivery reports without waiting.</summary>
    public void Poll() => _producer.Poll(TimeSpan.Zero);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private void OnDelivery(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            RecordFailure(report.Error);
            return;
        }
        Interlocked.Increment(ref _acknowledged);
        StreamingMetrics.Produced.Add(1);
    }

    private void RecordFailure(Error error)
    {
        long failures = Interlocked.Increment(ref _failed);
        StreamingMetrics.ProduceErrors.Add(1);
        // The first failures say what is wrong; after that one line per thousand is enough.
        if (failures <= 10 || failures % 1000 == 0)
        {
            StreamingLog.DeliveryFailed(_logger, Options.Topic, error.ToString(), failures);
        }
    }
}
