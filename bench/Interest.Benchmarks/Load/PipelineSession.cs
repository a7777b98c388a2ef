using System.Diagnostics;
using Interest.Abstractions;
using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Measurement;
using Interest.Streaming.Producing;

namespace Interest.Benchmarks.Load;

/// <summary>
/// Drives one running cluster: the load and probe users, the Kafka producer, and the silo's counters. "Applied" events
/// are those the silo's consumer counts as delivered, which it does only once every user grain of the poll batch has
/// run inference and stored its new state and recommendations.
/// </summary>
public sealed class PipelineSession : IDisposable
{
    /// <summary>Half a partition's share of what the embedded broker keeps is far more than a step needs, and bounds the drain after an overloaded step.</summary>
    public const int MaxBacklogPerPartition = 15_000;

    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(50);

    private readonly IBenchmarkCluster _cluster;
    private readonly BenchmarkSettings _settings;
    private readonly long _deliveredAtStart;

    private PipelineSession(IBenchmarkCluster cluster, BenchmarkSettings settings, ClickstreamProducer producer, long deliveredAtStart)
    {
        _cluster = cluster;
        _settings = settings;
        _deliveredAtStart = deliveredAtStart;
        Producer = producer;
        Load = new LoadStream("load", settings.LoadUsers, settings.ItemCount);
        Probes = new FreshnessProbes(cluster.Lookups, producer, settings.ProbeUsers, settings.ProbePollInterval, settings.ItemCount);
    }

    public ClickstreamProducer Producer { get; }

    public LoadStream Load { get; }

    public FreshnessProbes Probes { get; }

    public IBenchmarkCluster Cluster => _cluster;

    /// <summary>
    /// Connects a producer, gives every load and probe user one event (activation) and runs the warm-up load
    /// (<see cref="BenchmarkSettings.WarmUpDuration"/>), then waits until all is applied.
    /// </summary>
    public static async Task<PipelineSession> OpenAsync(IBenchmarkCluster cluster, BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var producer = await ClickstreamProducer.ConnectAsync(cluster.Kafka, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
        var start = await cluster.Diagnostics.GetIngestionAsync(cancellationToken);
        var session = new PipelineSession(cluster, settings, producer, start.Delivered);
        await session.FillAsync(session.Load.Take(settings.LoadUsers), cancellationToken);
        session.Probes.ProduceWarmUpEvents();
        if (!await session.DrainAsync(TimeSpan.FromMinutes(2), cancellationToken))
        {
            throw new TimeoutException("The pipeline did not apply the warm-up events within 2 minutes.");
        }
        if (settings.WarmUpDuration > TimeSpan.Zero)
        {
            await session.RunStepAsync(settings.WarmUpRate, settings.WarmUpDuration, withProbes: false, cancellationToken);
            await session.DrainAsync(TimeSpan.FromMinutes(2), cancellationToken);
        }
        return session;
    }

    public void Dispose() => Producer.Dispose();

    /// <summary>Produces <paramref name="events"/> as fast as the backlog guard allows and waits until all are applied.</summary>
    public async Task<TimeSpan> FillAsync(IEnumerable<ClickEvent> events, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using (var pacer = new ClickstreamPacer(Producer, new ClickstreamPacerOptions { MaxBacklogPerPartition = MaxBacklogPerPartition }))
        {
            await pacer.RunAsync(events, null, cancellationToken);
        }
        if (!await DrainAsync(TimeSpan.FromMinutes(10), cancellationToken))
        {
            throw new TimeoutException("The pipeline did not apply the filled events within 10 minutes.");
        }
        return clock.Elapsed;
    }

    /// <summary>True once the silo has applied everything produced so far; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Producer.Flush(cancellationToken);
        return await Rates.WaitUntilAsync(async () => await AppliedAsync(cancellationToken) >= Producer.Acknowledged, timeout, DrainPoll, cancellationToken);
    }

    /// <summary>Events applied since the session opened.</summary>
    public async Task<long> AppliedAsync(CancellationToken cancellationToken) =>
        (await _cluster.Diagnostics.GetIngestionAsync(cancellationToken)).Delivered - _deliveredAtStart;

    public Task<BatchStatistics> EngineStatisticsAsync() => _cluster.Client.GetGrain<IInferenceGrain>(0).GetStatistics();

    /// <summary>
    /// Offers <paramref name="rate"/> load events per second (plus probes) for <paramref name="duration"/>, or until
    /// <paramref name="stop"/> returns true (checked per event). The applied rate is measured from a quarter of the step
    /// (at most 1 s, the ramp-in) to the end of production.
    /// </summary>
    public async Task<StepResult> RunStepAsync(double rate, TimeSpan duration, bool withProbes, CancellationToken cancellationToken, Func<bool>? stop = null)
    {
        var freshness = new LatencySamples();
        bool throttled = false;
        var progress = new InlineProgress<PacingProgress>(p => throttled |= p.WaitingForConsumers);
        long producedBefore = Producer.Produced;
        var clock = Stopwatch.StartNew();

        Task probing = withProbes ? Probes.RunAsync(_settings.ProbesPerSecond, duration, freshness, cancellationToken, stop) : Task.CompletedTask;
        var pacer = new ClickstreamPacer(Producer, new ClickstreamPacerOptions { EventsPerSecond = rate, MaxBacklogPerPartition = MaxBacklogPerPartition });
        var producing = pacer.RunAsync(Load.Take((long)Math.Ceiling(rate * duration.TotalSeconds), duration, stop), progress, cancellationToken);

        var leadIn = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, duration.Ticks / 4));
        await Task.Delay(leadIn, cancellationToken);
        long appliedBefore = await AppliedAsync(cancellationToken);
        var engineBefore = await EngineStatisticsAsync();
        var cpuBefore = ProcessCpu.Sample(_cluster.ProcessIds, _cluster.SiloProcessId);
        var runtimeBefore = await _cluster.Diagnostics.GetRuntimeAsync(cancellationToken);
        var windowStart = clock.Elapsed;

        await producing;
        pacer.Dispose();
        var cpu = ProcessCpu.Between(cpuBefore, ProcessCpu.Sample(_cluster.ProcessIds, _cluster.SiloProcessId));
        var gc = (await _cluster.Diagnostics.GetRuntimeAsync(cancellationToken)).Since(runtimeBefore, (clock.Elapsed - windowStart).TotalSeconds);
        long appliedAfter = await AppliedAsync(cancellationToken);
        var engineAfter = await EngineStatisticsAsync();
        var window = clock.Elapsed - windowStart;
        var producedElapsed = clock.Elapsed;
        long produced = Producer.Produced - producedBefore;

        await probing;
        bool drained = await DrainAsync(TimeSpan.FromSeconds(throttled ? 1 : 5), cancellationToken);

        double applied = Rates.PerSecond(appliedAfter - appliedBefore, window);
        double producedPerSecond = Rates.PerSecond(produced, producedElapsed);
        long batches = engineAfter.Batches - engineBefore.Batches;
        long requests = engineAfter.Requests - engineBefore.Requests;
        long events = engineAfter.Events - engineBefore.Events;
        return new StepResult(
            rate,
            Math.Round(producedElapsed.TotalSeconds, 2),
            Math.Round(producedPerSecond),
            Math.Round(applied),
            Math.Round(Rates.PerSecond(requests, window)),
            batches == 0 ? 0 : Math.Round((double)requests / batches, 1),
            requests == 0 ? 0 : Math.Round((double)events / requests, 2),
            freshness.Summarise(),
            cpu,
            gc,
            // Against what was produced, not offered: a producer a little behind schedule is not a pipeline falling behind.
            Saturated: throttled || !drained || applied < _settings.SaturationShare * Math.Min(rate, producedPerSecond));
    }
}

/// <param name="OfferedPerSecond">Load events offered per second (probes come on top, at <see cref="BenchmarkSettings.ProbesPerSecond"/>).</param>
/// <param name="ProducedPerSecond">Load and probe events the producer actually sent per second.</param>
/// <param name="AppliedPerSecond">Events applied (grain → inference → state and recommendations stored) per second.</param>
/// <param name="UpdatesPerSecond">Inference requests (user updates) per second.</param>
/// <param name="MeanInferenceBatch">Mean number of user updates per engine batch.</param>
/// <param name="EventsPerUpdate">LSTM steps per user update: about 1 for the incremental pipelines, up to 50 for re-encoding.</param>
/// <param name="Cpu">Cores each process and each silo thread group used during the measured window.</param>
/// <param name="SiloGc">The silo's collections, pause share and allocation rate during the measured window.</param>
/// <param name="Saturated">The pipeline did not keep up: applied below the saturation share of what was produced, a backlog left 5 s after the step, or the producer waited for it.</param>
public sealed record StepResult(
    double OfferedPerSecond,
    double Seconds,
    double ProducedPerSecond,
    double AppliedPerSecond,
    double UpdatesPerSecond,
    double MeanInferenceBatch,
    double EventsPerUpdate,
    LatencySummary Freshness,
    CpuUse Cpu,
    GcActivity SiloGc,
    bool Saturated);
