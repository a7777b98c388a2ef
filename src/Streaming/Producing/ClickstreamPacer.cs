using System.Diagnostics;
using Confluent.Kafka;
using Interest.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interest.Streaming.Producing;

/// <summary>
/// Produces a stream of events at a target rate without ever getting more than
/// <see cref="ClickstreamPacerOptions.MaxBacklogPerPartition"/> messages ahead of the consumer group's committed
/// offsets on any partition; when it would, it waits for the consumers.
/// </summary>
/// <remarks>
/// The guard is exact without knowing which partition each key goes to: after measuring the largest partition
/// backlog B with F messages still in flight, the next H = limit − B − F events cannot push any partition past the
/// limit even if all of them land on it, so the backlog is measured again only after H events.
/// </remarks>
public sealed class ClickstreamPacer : IDisposable
{
    private static readonly TimeSpan WaitingLogInterval = TimeSpan.FromSeconds(10);

    private readonly ClickstreamProducer _producer;
    private readonly ClickstreamPacerOptions _options;
    private readonly ConsumerGroupBacklog _backlog;
    private readonly ILogger _logger;

    public ClickstreamPacer(ClickstreamProducer producer, ClickstreamPacerOptions? options = null, ILogger<ClickstreamPacer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(producer);
        _producer = producer;
        _options = options ?? new ClickstreamPacerOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _backlog = new ConsumerGroupBacklog(producer.Options, producer.BootstrapServers);
    }

    /// <summary>Produces every event, then waits until all are acknowledged (or failed: see <see cref="PacingProgress.DeliveryErrors"/>).</summary>
    public async Task<PacingProgress> RunAsync(
        IEnumerable<ClickEvent> events, IProgress<PacingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var run = new RunState(_producer.DeliveryErrors);
        var bucket = _options.EventsPerSecond > 0 ? new TokenBucket(_options.EventsPerSecond) : null;
        long allowance = 0;

        foreach (var clickEvent in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (allowance <= 0) allowance = await WaitForHeadroomAsync(run, progress, cancellationToken).ConfigureAwait(false);

            if (bucket is not null)
            {
                var wait = bucket.TimeUntilNext();
                if (wait >= TimeSpan.FromMilliseconds(1))
                {
                    _producer.Poll();
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
                bucket.Take();
            }

            _producer.Produce(clickEvent);
            run.Produced++;
            allowance--;
            if (run.SinceProgress.Elapsed >= _options.ProgressInterval) Report(run, progress, completed: false);
        }

        while (!_producer.Flush(TimeSpan.FromMilliseconds(200)))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
        return Report(run, progress, completed: true);
    }

    public void Dispose() => _backlog.Dispose();

    /// <summary>Returns how many events may be produced before the next measurement.</summary>
    private async Task<long> WaitForHeadroomAsync(RunState run, IProgress<PacingProgress>? progress, CancellationToken cancellationToken)
    {
        int limit = _options.MaxBacklogPerPartition;
        // Resuming for a handful of events at a time would measure the backlog after every few events.
        long smallestUsefulStep = Math.Max(1, limit / 20);
        var sinceWaitingLog = Stopwatch.StartNew();
        bool loggedWaiting = false;
        while (true)
        {
            // In flight is read before the measurement: a message acknowledged in between is then counted twice, never missed.
            long inFlight = _producer.InFlight;
            BacklogSnapshot? snapshot = null;
            try
            {
                snapshot = _backlog.Measure(_options.MeasurementTimeout);
            }
            catch (KafkaException e)
            {
                StreamingLog.BacklogMeasurementFailed(_logger, _producer.Options.ConsumerGroup, e.Error.ToString());
            }

            if (snapshot is not null)
            {
                run.MaxBacklog = snapshot.MaxBacklog;
                long headroom = limit - snapshot.MaxBacklog - inFlight;
                if (headroom >= smallestUsefulStep)
                {
                    if (run.Waiting)
                    {
                        run.Waiting = false;
                        Report(run, progress, completed: false);
                    }
                    return headroom;
                }
                if (!run.Waiting)
                {
                    run.Waiting = true;
                    Report(run, progress, completed: false);
                }
                if (!loggedWaiting || sinceWaitingLog.Elapsed >= WaitingLogInterval)
                {
                    var largest = snapshot.Largest.GetValueOrDefault();
                    StreamingLog.PacerWaiting(_logger, _producer.Options.ConsumerGroup, largest.Partition, largest.Backlog, limit, inFlight);
                    loggedWaiting = true;
                    sinceWaitingLog.Restart();
                }
            }

            _producer.Poll();
            await Task.Delay(_options.BacklogPollInterval, cancellationToken).ConfigureAwait(false);
            if (run.SinceProgress.Elapsed >= _options.ProgressInterval) Report(run, progress, completed: false);
        }
    }

    private PacingProgress Report(RunState run, IProgress<PacingProgress>? progress, bool completed)
    {
        var elapsed = run.Clock.Elapsed;
        var report = new PacingProgress(
            run.Produced,
            _producer.DeliveryErrors - run.DeliveryErrorsAtStart,
            elapsed,
            elapsed > TimeSpan.Zero ? run.Produced / elapsed.TotalSeconds : 0,
            run.MaxBacklog,
            run.Waiting,
            completed);
        run.SinceProgress.Restart();
        progress?.Report(report);
        return report;
    }

    private sealed class RunState(long deliveryErrorsAtStart)
    {
        public long DeliveryErrorsAtStart { get; } = deliveryErrorsAtStart;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public Stopwatch SinceProgress { get; } = Stopwatch.StartNew();
        public long Produced { get; set; }
        public long MaxBacklog { get; set; }
        public bool Waiting { get; set; }
    }
}
