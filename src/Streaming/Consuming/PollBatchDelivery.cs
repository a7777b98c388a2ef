using Confluent.Kafka;
using Interest.Abstractions;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming.Consuming;

/// <summary>
/// The poll batches in flight: each batch's dead letters are written, then its events go to the sink, up to
/// Kafka:MaxBatchesInFlight batches at once. A batch's events of users that an older batch still carries wait for it
/// (<see cref="InFlightBatches{TBatch}"/>). A failing sink or dead-letter write gets the same messages again with
/// backoff; nothing is skipped. Events the sink rejects for good become dead letters of their batch, written before
/// the batch is acknowledged, so that one such event does not stall its partition. Batches are acknowledged in the order they were read, so offsets are stored in order.
/// Called from the polling thread only; the deliveries themselves run on the thread pool.
/// </summary>
internal sealed class PollBatchDelivery
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly KafkaOptions _options;
    private readonly IClickEventSink _sink;
    private readonly AssignedPartitions _partitions;
    private readonly ConsumerCounters _counters;
    private readonly ILogger _logger;
    private readonly InFlightBatches<PollBatch> _inFlight = new();

    public PollBatchDelivery(KafkaOptions options, IClickEventSink sink, AssignedPartitions partitions, ConsumerCounters counters, ILogger logger)
    {
        _options = options;
        _sink = sink;
        _partitions = partitions;
        _counters = counters;
        _logger = logger;
    }

    /// <summary>
    /// Starts delivering <paramref name="batch"/>; then, while too many batches or events are in flight, waits for the
    /// oldest batch and acknowledges it. Throws what a delivery it waited for threw.
    /// </summary>
    public void Deliver(IConsumer<byte[]?, byte[]?> consumer, PollBatch batch, DeadLetterPublisher deadLetters, CancellationToken stoppingToken)
    {
        var (now, afterOlder, older, users) = _inFlight.Split(batch.Events);
        // The delivery starts on the pool, not on the polling thread: Orleans rents a response object per grain call
        // from a per-thread pool and returns it on the thread that completes the call, so calls made from the polling
        // thread would grow the pool threads' stacks by one object per grain call, without bound (docs/RELIABILITY.md).
        var delivery = Task.Run(() => DeliverAsync(batch, now, afterOlder, older, deadLetters, stoppingToken), stoppingToken);
        _inFlight.Add(batch, users, batch.Events.Count + batch.DeadLetters.Count, delivery);
        // Blocking the polling thread (ours, not the pool's) keeps the whole loop on it. Batches overlap only while
        // they are small: a full poll batch means a backlog, and then a second one in flight only adds work that
        // competes with the model for the cores and lowers the rate the silo sustains.
        while (_inFlight.Count >= _options.MaxBatchesInFlight || _inFlight.Events >= _options.MaxPollBatch)
        {
            Acknowledge(consumer, _inFlight.TakeOldest());
        }
    }

    /// <summary>Acknowledges the oldest batches whose deliveries have ended, in order; throws what a failed one threw.</summary>
    public void AcknowledgeDelivered(IConsumer<byte[]?, byte[]?> consumer)
    {
        while (_inFlight.TryTakeDelivered(out var delivered)) Acknowledge(consumer, delivered);
    }

    /// <summary>
    /// Waits for every batch in flight and acknowledges them in order, up to the first whose delivery failed (stopping):
    /// the batches after it are waited for but not acknowledged, since storing their offsets would skip its events.
    /// </summary>
    public void AcknowledgeAll(IConsumer<byte[]?, byte[]?> consumer)
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

    /// <summary>Forgets every batch in flight without waiting or acknowledging (their partitions were lost).</summary>
    public void Abandon() => _inFlight.Abandon();

    /// <summary>
    /// The one place where a batch becomes committable. To commit only once user state is durable, store offsets
    /// when the sink reports durability instead of when DeliverAsync returns.
    /// </summary>
    private void Acknowledge(IConsumer<byte[]?, byte[]?> consumer, PollBatch batch)
    {
        foreach (var (partition, nextOffset) in batch.NextOffsets)
        {
            _partitions.StoreOffset(consumer, partition, nextOffset);
        }
        foreach (var deadLetter in batch.DeadLetters)
        {
            _counters.AddDeadLettered(deadLetter.Reason);
            var source = deadLetter.Source;
            StreamingLog.DeadLettered(_logger, source.Topic, source.Partition.Value, source.Offset.Value, deadLetter.Reason, deadLetter.Detail);
        }
        _counters.AddBatch(batch.Events.Count);
    }

    private async Task DeliverAsync(PollBatch batch, List<DeliveredEvent> now, List<DeliveredEvent> afterOlder, Task older,
        DeadLetterPublisher deadLetters, CancellationToken stoppingToken)
    {
        await PublishAsync(batch.DeadLetters, deadLetters, stoppingToken).ConfigureAwait(false);

        var first = DeliverEventsAsync(now, stoppingToken);
        var second = afterOlder.Count == 0 ? Task.FromResult<IReadOnlyList<RejectedEvent>>([]) : DeliverAfterAsync(older, afterOlder, stoppingToken);
        var rejected = await Task.WhenAll(first, second).ConfigureAwait(false);
        var rejectedLetters = rejected.SelectMany(events => events)
            .Select(r => new DeadLetter(batch.SourceOf(r.Event), r.Reason, r.Detail))
            .ToList();
        if (rejectedLetters.Count == 0) return;
        // Only this task touches the batch until it is acknowledged, which happens after this task has ended.
        batch.DeadLetters.AddRange(rejectedLetters);
        await PublishAsync(rejectedLetters, deadLetters, stoppingToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(List<DeadLetter> letters, DeadLetterPublisher deadLetters, CancellationToken stoppingToken)
    {
        for (int attempt = 1; letters.Count > 0; attempt++)
        {
            try
            {
                await deadLetters.PublishAsync(letters, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = ExponentialBackoff.Delay(attempt, FirstRetryDelay, MaxRetryDelay);
                StreamingLog.DeadLetterFailed(_logger, e, letters.Count(d => !d.Published), attempt, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Events of users that older batches carry: delivered once those batches are, and not at all if one of them failed.</summary>
    private async Task<IReadOnlyList<RejectedEvent>> DeliverAfterAsync(Task older, List<DeliveredEvent> events, CancellationToken stoppingToken)
    {
        await older.ConfigureAwait(false);
        return await DeliverEventsAsync(events, stoppingToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<RejectedEvent>> DeliverEventsAsync(List<DeliveredEvent> events, CancellationToken stoppingToken)
    {
        for (int attempt = 1; events.Count > 0; attempt++)
        {
            try
            {
                return await _sink.DeliverAsync(events, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _counters.AddSinkFailure();
                var delay = ExponentialBackoff.Delay(attempt, FirstRetryDelay, MaxRetryDelay);
                StreamingLog.SinkFailed(_logger, e, events.Count, attempt, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
        }
        return [];
    }
}
