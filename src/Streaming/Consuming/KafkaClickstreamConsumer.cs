using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Interest.Abstractions;
using Interest.Streaming.Broker;
using Interest.Streaming.Codec;
using Interest.Streaming.Tracing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interest.Streaming.Consuming;

/// <summary>
/// This process's member of the consumer group on the clickstream topic. Each poll batch (up to Kafka:MaxPollBatch
/// messages or Kafka:MaxPollWaitMs) is decoded; invalid messages go to the dead-letter topic, valid events go to the
/// sink, and only then are the batch's offsets stored (auto-commit commits stored offsets). Up to
/// Kafka:MaxBatchesInFlight batches are delivered at once: a batch's events of users that an older batch still
/// carries wait for it, and offsets are stored in batch order (<see cref="PollBatchDelivery"/>). A failing sink gets
/// the same events again with backoff; nothing is skipped. At-least-once: after a crash or a rebalance the events
/// since the last commit are delivered again, recognisable by <see cref="DeliveredEvent"/>'s partition and offset.
/// Item ids are validated against the served catalogue (<see cref="IServedCatalog"/>), read once per poll batch; the
/// consumer joins the group only once that is known, so until then it holds no partitions.
/// This type runs the poll loop; <see cref="AssignedPartitions"/> follows the assignment and retention losses.
/// </summary>
public sealed class KafkaClickstreamConsumer : BackgroundService
{
    private static readonly TimeSpan BrokerWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WatermarkCheckInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CatalogWaitLogInterval = TimeSpan.FromSeconds(10);

    private readonly KafkaOptions _options;
    private readonly IServedCatalog _catalog;
    private readonly ILogger _logger;
    private readonly ConsumerCounters _counters = new();
    private readonly string _clientId = KafkaClientConfigs.ClientId("consumer");

    // Touched only by the polling loop and the rebalance handlers, which librdkafka runs inside Consume on the same loop.
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _gathered = [];
    private readonly AssignedPartitions _partitions;
    private readonly PollBatchDelivery _delivery;

    public KafkaClickstreamConsumer(IOptions<KafkaOptions> options, IClickEventSink sink, IServedCatalog catalog, ILogger<KafkaClickstreamConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _options.Validate();
        _catalog = catalog;
        _logger = logger;
        _partitions = new AssignedPartitions(_options.Topic, _counters, logger);
        _delivery = new PollBatchDelivery(_options, sink, _partitions, _counters, logger);
    }

    public ConsumerStatistics Statistics => _counters.Snapshot();

    /// <summary>
    /// The consumer runs on a thread of its own, never on the thread pool: librdkafka's Consume and watermark queries
    /// block, and on a small host two blocked pool threads starve the grains, lookups included, until the pool injects
    /// more threads.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ConsumeUntilStopped(stoppingToken);
                stopped.SetResult();
            }
            catch (Exception e)
            {
                stopped.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "kafka-consumer-" + _clientId,
        };
        thread.Start();
        return stopped.Task;
    }

    private void ConsumeUntilStopped(CancellationToken stoppingToken)
    {
        StreamingMetrics.AddLagSource(this, _clientId, () => _counters.PartitionLag);
        try
        {
            int failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                var running = Stopwatch.StartNew();
                try
                {
                    RunConsumer(stoppingToken);
                }
                catch (Exception) when (stoppingToken.IsCancellationRequested)
                {
                    // Stopping: whatever was in flight stays uncommitted and is read again by the next owner.
                    break;
                }
                catch (Exception e)
                {
                    // A consumer that ran fine for a while before failing starts again quickly.
                    failures = running.Elapsed > MaxRestartDelay ? 1 : failures + 1;
                    var delay = ExponentialBackoff.Delay(failures, TimeSpan.FromSeconds(1), MaxRestartDelay);
                    StreamingLog.ConsumerRestarting(_logger, e, (long)delay.TotalMilliseconds);
                    if (stoppingToken.WaitHandle.WaitOne(delay)) break;
                }
            }
        }
        finally
        {
            StreamingMetrics.RemoveLagSource(this);
            StreamingLog.ConsumerStopped(_logger, Statistics);
        }
    }

    private void RunConsumer(CancellationToken stoppingToken)
    {
        WaitForCatalog(stoppingToken);
        string bootstrapServers = KafkaBootstrap.ResolveAsync(_options, BrokerWait, stoppingToken).GetAwaiter().GetResult();
        StreamingLog.ConsumerStarting(_logger, _clientId, _options.Topic, bootstrapServers, _options.ConsumerGroup);
        using var deadLetters = new DeadLetterPublisher(_options, bootstrapServers, _logger);
        // Deliveries end when the service stops, and also when this consumer fails and starts again.
        using var deliveriesStopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var consumer = BuildConsumer(bootstrapServers);
        try
        {
            consumer.Subscribe(_options.Topic);
            var sinceWatermarkCheck = Stopwatch.StartNew();
            while (!stoppingToken.IsCancellationRequested)
            {
                Gather(consumer, stoppingToken);
                _delivery.AcknowledgeDelivered(consumer);
                if (sinceWatermarkCheck.Elapsed >= WatermarkCheckInterval)
                {
                    _partitions.CheckWatermarks(consumer);
                    sinceWatermarkCheck.Restart();
                }
                if (_gathered.Count == 0) continue;

                var batch = Decode(_gathered);
                _gathered.Clear();
                _delivery.Deliver(consumer, batch, deadLetters, deliveriesStopping.Token);
            }
        }
        finally
        {
            _gathered.Clear();
            deliveriesStopping.Cancel();
            _delivery.AcknowledgeAll(consumer);
            _partitions.CommitAllAcknowledged(consumer);
            try
            {
                consumer.Close();
            }
            catch (KafkaException e)
            {
                StreamingLog.ConsumerError(_logger, "closing: " + e.Error);
            }
            consumer.Dispose();
            _partitions.OnClosed();
        }
    }

    /// <summary>
    /// Blocks this consumer's own thread until the served catalogue is known: before that an item id cannot be judged,
    /// and a member that joined the group would hold partitions it cannot read.
    /// </summary>
    private void WaitForCatalog(CancellationToken stoppingToken)
    {
        if (!_catalog.WhenKnown.IsCompleted)
        {
            var waited = Stopwatch.StartNew();
            do
            {
                StreamingLog.ConsumerWaitingForCatalog(_logger, _clientId, _options.Topic, (long)waited.Elapsed.TotalSeconds);
            }
            while (!_catalog.WhenKnown.Wait(CatalogWaitLogInterval, stoppingToken));
        }
        StreamingLog.ConsumerCatalogKnown(_logger, _clientId, _catalog.ItemCount!.Value);
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer(string bootstrapServers) =>
        new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Consumer(_options, bootstrapServers, _clientId))
            .SetPartitionsAssignedHandler((consumer, partitions) => _partitions.Assign(consumer, partitions))
            .SetPartitionsRevokedHandler((consumer, partitions) => OnRevoked(consumer, partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) => StreamingLog.ConsumerError(_logger, error.ToString()))
            .SetLogHandler((_, message) => StreamingLog.ClientLog(_logger, message.Facility, message.Message))
            .Build();

    /// <summary>Reads up to MaxPollBatch messages, waiting at most MaxPollWaitMs in all.</summary>
    private void Gather(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        var wait = TimeSpan.FromMilliseconds(_options.MaxPollWaitMs);
        while (_gathered.Count < _options.MaxPollBatch && !stoppingToken.IsCancellationRequested)
        {
            var remaining = wait - clock.Elapsed;
            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = consumer.Consume(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                StreamingLog.ConsumerError(_logger, e.Error.ToString());
                if (remaining <= TimeSpan.Zero) break;
                continue;
            }
            if (result is null) break;
            if (result.IsPartitionEOF) continue;

            _partitions.OnConsumed(result.Partition.Value, result.Offset.Value);
            _gathered.Add(result);
        }
        _counters.AddConsumed(_gathered.Count);
    }

    private PollBatch Decode(List<ConsumeResult<byte[]?, byte[]?>> messages)
    {
        var batch = new PollBatch(messages.Count);
        var now = DateTimeOffset.UtcNow;
        // Known since WaitForCatalog, and it never becomes unknown again; a new size applies from the next batch.
        int itemCount = _catalog.ItemCount!.Value;
        foreach (var message in messages)
        {
            string? key = message.Message.Key is { } keyBytes ? Encoding.UTF8.GetString(keyBytes) : null;
            var decoded = ClickEventJson.Decode(message.Message.Value, key, itemCount, now, _options.MaxMessageBytes);
            if (decoded.IsValid)
            {
                var (traceParent, traceState) = ClickstreamTracing.Read(message.Message.Headers);
                batch.Events.Add(new DeliveredEvent(decoded.Event, message.Partition.Value, message.Offset.Value, traceParent, traceState));
                batch.Sources.Add(message);
            }
            else
            {
                batch.DeadLetters.Add(new DeadLetter(message, decoded.Reason, decoded.Message));
            }
            batch.NextOffsets[message.Partition.Value] = message.Offset.Value + 1;
        }
        return batch;
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        // Batches being delivered are finished and acknowledged, so that the commit covers them; messages gathered but
        // not yet delivered are left to the partition's next owner, which starts at the commit.
        _delivery.AcknowledgeAll(consumer);
        DropGathered(partitions);
        _partitions.Revoke(consumer, partitions);
    }

    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        // Nothing can be committed for lost partitions; their next owner delivers again from the last commit, and a
        // user grain skips what it has applied already, so deliveries still running need not be waited for.
        _delivery.Abandon();
        DropGathered(partitions);
        _partitions.Lose(partitions);
    }

    private void DropGathered(List<TopicPartitionOffset> partitions)
    {
        var dropped = partitions.Select(p => p.Partition.Value).ToHashSet();
        _gathered.RemoveAll(m => dropped.Contains(m.Partition.Value));
    }
}
