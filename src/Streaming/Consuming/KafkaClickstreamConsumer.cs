using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Interest.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interest.Streaming;

/// <summary>
/// This process's member of the consumer group on the clickstream topic. Each poll batch (up to Kafka:MaxPollBatch
/// messages or Kafka:MaxPollWaitMs) is decoded; invalid messages go to the dead-letter topic, valid events go to the
/// sink, and only then are the batch's offsets stored (auto-commit commits stored offsets). Up to
/// Kafka:MaxBatchesInFlight batches are delivered at once: a batch's events of users that an older batch still
/// carries wait for it (<see cref="InFlightBatches{TBatch}"/>), and offsets are stored in batch order. A failing sink
/// gets the same events again with backoff; nothing is skipped. At-least-once: after a crash or a rebalance the events
/// since the last commit are delivered again, recognisable by <see cref="DeliveredEvent"/>'s partition and offset.
/// </summary>
public sealed class KafkaClickstreamConsumer : BackgroundService
{
    private static readonly TimeSpan BrokerWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BrokerCallTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WatermarkCheckInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);

    private readonly KafkaOptions _options;
    private readonly IClickEventSink _sink;
    private readonly ILogger _logger;
    private readonly ConsumerCounters _counters = new();
    private readonly string _clientId = KafkaClientConfigs.ClientId("consumer");

    // Touched only by the polling loop and the rebalance handlers, which librdkafka runs inside Consume on the same loop.
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _gathered = [];
    private readonly RetentionLossTracker _positions = new();
    private readonly Dictionary<int, long> _acknowledged = [];
    private readonly Dictionary<int, long> _retentionWarnedAt = [];
    private readonly InFlightBatches<PollBatch> _inFlight = new();
    private List<TopicPartition> _assigned = [];

    public KafkaClickstreamConsumer(IOptions<KafkaOptions> options, IClickEventSink sink, ILogger<KafkaClickstreamConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _options.Validate();
        _sink = sink;
        _logger = logger;
    }

    public ConsumerStatistics Statistics => _counters.Snapshot();

    /// <summary>
    /// The consumer runs on a thread of its own, never on the thread pool: librdkafka's Consume and watermark queries
    /// block, and on a small host two blocked pool threads starve the grains until the pool injects more, which
    /// stalled lookups for 0.5–0.7 s at a time (docs/BENCHMARKS.md).
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
        StreamingMetrics.AddLagSource(this, _clientId, () => _counters.Lag);
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
                    var delay = Backoff(failures, TimeSpan.FromSeconds(1), MaxRestartDelay);
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
                while (_inFlight.TryTakeDelivered(out var delivered)) Acknowledge(consumer, delivered);
                if (sinceWatermarkCheck.Elapsed >= WatermarkCheckInterval)
                {
                    CheckWatermarks(consumer);
                    sinceWatermarkCheck.Restart();
                }
                if (_gathered.Count == 0) continue;

                var batch = Decode(_gathered);
                _gathered.Clear();
                var (now, afterOlder, older, users) = _inFlight.Split(batch.Events);
                // The delivery starts on the pool, not on this thread: Orleans rents a response object per grain call
                // from a per-thread pool and returns it on the thread that completes the call, so calls made from this
                // thread grew the pool threads' stacks by one object per grain call, forever (docs/RELIABILITY.md, soak).
                var delivery = Task.Run(() => DeliverAsync(batch, now, afterOlder, older, deadLetters, deliveriesStopping.Token), deliveriesStopping.Token);
                _inFlight.Add(batch, users, batch.Events.Count + batch.DeadLetters.Count, delivery);
                // Blocking this thread (ours, not the pool's) keeps the whole loop on it. Batches overlap only while
                // they are small: a full poll batch means a backlog, and then a second one in flight only adds work
                // that competes with the model for the cores (without this bound the maximum fell by 7-25 % in two of three
                // side-by-side pairs; docs/BENCHMARKS.md).
                while (_inFlight.Count >= _options.MaxBatchesInFlight || _inFlight.Events >= _options.MaxPollBatch)
                {
                    Acknowledge(consumer, _inFlight.TakeOldest());
                }
            }
        }
        finally
        {
            _gathered.Clear();
            deliveriesStopping.Cancel();
            AcknowledgeInFlight(consumer);
            CommitAcknowledged(consumer, _acknowledged.Keys.ToList());
            try
            {
                consumer.Close();
            }
            catch (KafkaException e)
            {
                StreamingLog.ConsumerError(_logger, "closing: " + e.Error);
            }
            consumer.Dispose();
            _acknowledged.Clear();
            _assigned = [];
            _counters.SetAssignedPartitions(0);
        }
    }

    private IConsumer<byte[]?, byte[]?> BuildConsumer(string bootstrapServers) =>
        new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfigs.Consumer(_options, bootstrapServers, _clientId))
            .SetPartitionsAssignedHandler((consumer, partitions) => OnAssigned(consumer, partitions))
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

            var (firstSkipped, skipped) = _positions.OnConsumed(result.Partition.Value, result.Offset.Value);
            if (skipped > 0)
            {
                RecordLoss(result.Partition.Value, firstSkipped, skipped,
                    "found as a gap in the consumed offsets: reading resumed at the new log start");
            }
            _gathered.Add(result);
        }
        _counters.AddConsumed(_gathered.Count);
    }

    private PollBatch Decode(List<ConsumeResult<byte[]?, byte[]?>> messages)
    {
        var batch = new PollBatch(messages.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var message in messages)
        {
            string? key = message.Message.Key is { } keyBytes ? Encoding.UTF8.GetString(keyBytes) : null;
            var decoded = ClickEventJson.Decode(message.Message.Value, key, _options.CatalogItemCount, now, _options.MaxMessageBytes);
            if (decoded.IsValid)
            {
                batch.Events.Add(new DeliveredEvent(decoded.Event, message.Partition.Value, message.Offset.Value));
            }
            else
            {
                batch.DeadLetters.Add(new DeadLetter(message, decoded.Reason, decoded.Message));
            }
            batch.NextOffsets[message.Partition.Value] = message.Offset.Value + 1;
        }
        return batch;
    }

    private async Task DeliverAsync(PollBatch batch, List<DeliveredEvent> now, List<DeliveredEvent> afterOlder, Task older,
        DeadLetterPublisher deadLetters, CancellationToken stoppingToken)
    {
        for (int attempt = 1; batch.DeadLetters.Count > 0; attempt++)
        {
            try
            {
                await deadLetters.PublishAsync(batch.DeadLetters, stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = Backoff(attempt, FirstRetryDelay, MaxRetryDelay);
                StreamingLog.DeadLetterFailed(_logger, e, batch.DeadLetters.Count(d => !d.Published), attempt, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }

        var first = DeliverEventsAsync(now, stoppingToken);
        var second = afterOlder.Count == 0 ? Task.CompletedTask : DeliverAfterAsync(older, afterOlder, stoppingToken);
        await Task.WhenAll(first, second).ConfigureAwait(false);
    }

    /// <summary>Events of users that older batches carry: delivered once those batches are, and not at all if one of them failed.</summary>
    private async Task DeliverAfterAsync(Task older, List<DeliveredEvent> events, CancellationToken stoppingToken)
    {
        await older.ConfigureAwait(false);
        await DeliverEventsAsync(events, stoppingToken).ConfigureAwait(false);
    }

    private async Task DeliverEventsAsync(List<DeliveredEvent> events, CancellationToken stoppingToken)
    {
        for (int attempt = 1; events.Count > 0; attempt++)
        {
            try
            {
                await _sink.DeliverAsync(events, stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _counters.AddSinkFailure();
                var delay = Backoff(attempt, FirstRetryDelay, MaxRetryDelay);
                StreamingLog.SinkFailed(_logger, e, events.Count, attempt, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits for every batch in flight and acknowledges them in order, up to the first whose delivery failed (stopping):
    /// the batches after it are waited for but not acknowledged, since storing their offsets would skip its events.
    /// </summary>
    private void AcknowledgeInFlight(IConsumer<byte[]?, byte[]?> consumer)
    {
        bool acknowledging = true;
        while (_inFlight.Count > 0)
        {
            try
            {
                var batch = _inFlight.TakeOldest();
                if (acknowledging) Acknowledge(consumer, batch);
            }
            catch (Exception e)
            {
                if (e is not OperationCanceledException) StreamingLog.ConsumerError(_logger, "delivering a batch: " + e.Message);
                acknowledging = false;
            }
        }
    }

    /// <summary>
    /// The one place where a batch becomes committable. To commit only once user state is durable, store offsets
    /// when the sink reports durability instead of when DeliverAsync returns.
    /// </summary>
    private void Acknowledge(IConsumer<byte[]?, byte[]?> consumer, PollBatch batch)
    {
        foreach (var (partition, nextOffset) in batch.NextOffsets)
        {
            try
            {
                consumer.StoreOffset(new TopicPartitionOffset(_options.Topic, partition, nextOffset));
                _acknowledged[partition] = nextOffset;
            }
            catch (KafkaException e)
            {
                StreamingLog.StoreOffsetFailed(_logger, _options.Topic, partition, e.Error.ToString());
            }
        }
        foreach (var deadLetter in batch.DeadLetters)
        {
            _counters.AddDeadLettered(deadLetter.Reason);
            var source = deadLetter.Source;
            StreamingLog.DeadLettered(_logger, source.Topic, source.Partition.Value, source.Offset.Value, deadLetter.Reason, deadLetter.Detail);
        }
        _counters.AddBatch(batch.Events.Count);
    }

    private void OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        StreamingLog.PartitionsAssigned(_logger, Describe(partitions));
        _assigned = [.. _assigned.Where(p => !partitions.Contains(p)), .. partitions];
        _counters.SetAssignedPartitions(_assigned.Count);
        foreach (var partition in partitions)
        {
            _positions.Forget(partition.Partition.Value);
            _acknowledged.Remove(partition.Partition.Value);
            _retentionWarnedAt.Remove(partition.Partition.Value);
        }
        CheckLossAtAssignment(consumer, partitions);
    }

    /// <summary>
    /// The group resumes at its committed offset, or at offset 0 when it has none (auto.offset.reset=earliest asks for
    /// everything); a log start beyond that means those messages were removed before the group read them.
    /// </summary>
    private void CheckLossAtAssignment(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        try
        {
            var committed = consumer.Committed(partitions, BrokerCallTimeout);
            foreach (var entry in committed)
            {
                int partition = entry.Partition.Value;
                bool hasCommitted = entry.Offset.Value >= 0;
                long resumeAt = hasCommitted ? entry.Offset.Value : 0;
                long logStart = consumer.QueryWatermarkOffsets(entry.TopicPartition, BrokerCallTimeout).Low.Value;
                if (logStart > resumeAt)
                {
                    RecordLoss(partition, resumeAt, logStart - resumeAt, hasCommitted
                        ? "found at assignment: the log start is past the group's committed offset"
                        : "found at assignment: the group has no committed offset and the log no longer starts at 0");
                    resumeAt = logStart;
                }
                _positions.Start(partition, resumeAt);
            }
        }
        catch (KafkaException e)
        {
            StreamingLog.LossCheckFailed(_logger, _options.Topic, Describe(partitions), e.Error.ToString());
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => p.Partition.Value).ToHashSet();
        // Batches being delivered are finished and acknowledged, so that the commit covers them; messages gathered but
        // not yet delivered are left to the partition's next owner, which starts at the commit.
        AcknowledgeInFlight(consumer);
        _gathered.RemoveAll(m => revoked.Contains(m.Partition.Value));
        string committed = CommitAcknowledged(consumer, revoked);
        StreamingLog.PartitionsRevoked(_logger, Describe(partitions.Select(p => p.TopicPartition)), committed);
        Release(revoked);
    }

    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        StreamingLog.PartitionsLost(_logger, Describe(partitions.Select(p => p.TopicPartition)));
        var lost = partitions.Select(p => p.Partition.Value).ToHashSet();
        // Nothing can be committed for lost partitions; their next owner delivers again from the last commit, and a
        // user grain skips what it has applied already, so deliveries still running need not be waited for.
        _inFlight.Abandon();
        _gathered.RemoveAll(m => lost.Contains(m.Partition.Value));
        Release(lost);
    }

    private void Release(HashSet<int> partitions)
    {
        foreach (int partition in partitions)
        {
            _acknowledged.Remove(partition);
            _positions.Forget(partition);
            _retentionWarnedAt.Remove(partition);
        }
        _assigned = _assigned.Where(p => !partitions.Contains(p.Partition.Value)).ToList();
        _counters.SetAssignedPartitions(_assigned.Count);
        _counters.SetLag(null);
    }

    private string CommitAcknowledged(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<int> partitions)
    {
        var offsets = partitions
            .Where(_acknowledged.ContainsKey)
            .Select(p => new TopicPartitionOffset(_options.Topic, p, _acknowledged[p]))
            .ToList();
        if (offsets.Count == 0) return "(none)";
        string described = string.Join(", ", offsets.Select(o => $"{o.Partition.Value}@{o.Offset.Value}"));
        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException e)
        {
            StreamingLog.CommitFailed(_logger, described, e.Error.ToString());
        }
        return described;
    }

    /// <summary>
    /// Lag from the watermarks librdkafka caches from fetch responses (no broker round trip), and an early warning
    /// when retention has overtaken this consumer. The loss itself is counted when the gap is consumed, because
    /// messages already fetched into the client's queue are not lost even if the broker has since removed them.
    /// </summary>
    private void CheckWatermarks(IConsumer<byte[]?, byte[]?> consumer)
    {
        long lag = 0;
        bool known = _assigned.Count > 0;
        foreach (var partition in _assigned)
        {
            var watermarks = consumer.GetWatermarkOffsets(partition);
            long? next = _positions.NextExpected(partition.Partition.Value);
            if (watermarks.High.Value < 0 || next is null)
            {
                known = false;
                continue;
            }
            lag += Math.Max(0, watermarks.High.Value - next.Value);
            long logStart = watermarks.Low.Value;
            if (logStart > next.Value
                && (!_retentionWarnedAt.TryGetValue(partition.Partition.Value, out long warnedAt) || warnedAt < next.Value))
            {
                _retentionWarnedAt[partition.Partition.Value] = logStart;
                StreamingLog.RetentionOvertaking(_logger, _options.Topic, partition.Partition.Value, logStart, next.Value);
            }
        }
        _counters.SetLag(known ? lag : null);
    }

    private void RecordLoss(int partition, long firstLost, long count, string how)
    {
        _counters.AddLostToRetention(partition, count);
        StreamingLog.LostToRetention(_logger, _options.Topic, partition, count, firstLost, firstLost + count - 1, how);
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));

    private static TimeSpan Backoff(int attempt, TimeSpan first, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20))));

    private sealed class PollBatch(int capacity)
    {
        public List<DeliveredEvent> Events { get; } = new(capacity);
        public List<DeadLetter> DeadLetters { get; } = [];
        public Dictionary<int, long> NextOffsets { get; } = [];
    }
}
