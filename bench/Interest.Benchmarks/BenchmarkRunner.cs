using System.Diagnostics;
using Interest.Abstractions;
using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Load;
using Interest.Benchmarks.Reporting;
using Interest.Benchmarks.Sections;
using Interest.ConsoleProgress;
using Interest.Inference;

namespace Interest.Benchmarks;

/// <summary>
/// One run, every section side by side: the model's ceiling in this process first (nothing else running), then a
/// fresh cluster per pipeline mode (batched, with the half-rate, lookup and Kafka sections while it is up; batch
/// size 1; stateless re-encoding), then a fresh batched cluster for memory, and (when asked for) one that follows a
/// model registry for the migration section.
/// </summary>
public sealed class BenchmarkRunner(BenchmarkSettings settings, Action<string> log, PhaseProgress? progress = null)
{
    private int _phasesDone;

    /// <summary>The numbered phases <paramref name="sections"/> runs (the batched section has three: 2, 6 and 5).</summary>
    public static int PhaseCount(BenchmarkSections sections) =>
        (sections.HasFlag(BenchmarkSections.Ceiling) ? 1 : 0) + (sections.HasFlag(BenchmarkSections.Batched) ? 3 : 0) +
        (sections.HasFlag(BenchmarkSections.BatchSizeOne) ? 1 : 0) + (sections.HasFlag(BenchmarkSections.Stateless) ? 1 : 0) +
        (sections.HasFlag(BenchmarkSections.Memory) ? 1 : 0) + (sections.HasFlag(BenchmarkSections.Migration) ? 1 : 0);

    private void Phase(string title)
    {
        progress?.Report(_phasesDone++, title);
        log(title);
    }

    private ModelDescription? _description;
    private string? _shape;
    private string? _broker;

    public async Task<BenchmarkReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        string? otherLoad = RunEnvironmentProbe.OtherBusyProcesses();
        if (otherLoad is not null) log($"Note: other busy processes: {otherLoad}");

        CeilingResult? ceiling = null;
        if (Runs(BenchmarkSections.Ceiling))
        {
            Phase("1. Model ceiling");
            var (model, transitionPrior) = LoadModel();
            using (model)
            {
                ceiling = CeilingSection.Run(model, transitionPrior, settings, log);
            }
        }

        var pipelines = new List<PipelineResult>();
        HalfRateResult? halfRate = null;
        KafkaResult? kafka = null;
        if (Runs(BenchmarkSections.Batched))
        {
            Phase("2. Batched pipeline");
            await using var redis = await StartRedisAsync(settings.PipelineStateInRedis, cancellationToken);
            await using var cluster = await StartAsync(PipelineMode.Batched, cancellationToken, redis);
            using var session = await PipelineSession.OpenAsync(cluster, settings, cancellationToken);
            double sustained;
            if (settings.FixedHalfRate is { } fixedHalfRate)
            {
                log($"  rate ladder skipped: the half-rate phases run at {fixedHalfRate:N0} events/s as asked");
                sustained = 2 * fixedHalfRate;
            }
            else
            {
                var batched = await PipelineSection.RampAsync(session, settings, log, cancellationToken);
                pipelines.Add(batched);
                sustained = batched.SustainedEventsPerSecond;
            }
            Phase("6. Lookups and freshness at half the sustained maximum");
            halfRate = await HalfRateSection.RunAsync(session, settings, sustained, log, cancellationToken);
            Phase("5. Kafka consume-only");
            var served = await cluster.Client.GetGrain<IInferenceGrain>(0).GetServedModels();
            kafka = await KafkaSection.RunAsync(cluster.Kafka, served.LargestItemCount, settings.KafkaConsumeEvents, log, cancellationToken);
        }

        if (Runs(BenchmarkSections.BatchSizeOne))
        {
            Phase("3. Pipeline with batch size 1");
            await using var redis = await StartRedisAsync(settings.PipelineStateInRedis, cancellationToken);
            await using var cluster = await StartAsync(PipelineMode.BatchSizeOne, cancellationToken, redis);
            using var session = await PipelineSession.OpenAsync(cluster, settings, cancellationToken);
            pipelines.Add(await PipelineSection.RampAsync(session, settings, log, cancellationToken));
        }

        if (Runs(BenchmarkSections.Stateless))
        {
            Phase("4. Stateless re-encoding pipeline");
            await using var redis = await StartRedisAsync(settings.PipelineStateInRedis, cancellationToken);
            await using var cluster = await StartAsync(PipelineMode.StatelessReencoding, cancellationToken, redis);
            using var session = await PipelineSession.OpenAsync(cluster, settings, cancellationToken);
            long history = (long)settings.LoadUsers * Math.Max(0, settings.StatelessHistoryEvents - 1);
            var filled = await session.FillAsync(session.Load.Take(history), cancellationToken);
            log($"  gave each of {settings.LoadUsers:N0} load users {settings.StatelessHistoryEvents} events in {filled.TotalSeconds:0.0} s");
            pipelines.Add(await PipelineSection.RampAsync(session, settings, log, cancellationToken));
        }

        MemoryResult? memory = null;
        if (Runs(BenchmarkSections.Memory))
        {
            Phase("7. Memory");
            await using var redis = await StartRedisAsync(settings.MemoryStateInRedis, cancellationToken);
            await using var cluster = await StartAsync(PipelineMode.Batched, cancellationToken, redis);
            using var session = await PipelineSession.OpenAsync(cluster, settings with { WarmUpDuration = TimeSpan.Zero }, cancellationToken);
            memory = await MemorySection.RunAsync(session, settings, redis?.ProcessId, log, cancellationToken);
        }

        MigrationResult? migration = null;
        if (Runs(BenchmarkSections.Migration))
        {
            Phase("8. Model migration");
            await using var redis = await StartRedisAsync(settings.PipelineStateInRedis, cancellationToken);
            await using var registry = await BenchmarkModelRegistry.CreateAsync(settings, redis?.ConnectionString, settings.MigrationUserCounts.Count + 1, cancellationToken);
            log($"  model registry {registry.Directory} (rollout in {registry.RolloutStore}): {string.Join(", ", registry.Versions)}, the same weights under each version");
            await using var cluster = await StartAsync(PipelineMode.Batched, cancellationToken, redis, registry.Configure(settings));
            using var session = await PipelineSession.OpenAsync(cluster, settings, cancellationToken);
            migration = await MigrationSection.RunAsync(session, registry, settings, log, cancellationToken);
        }

        var targets = TargetEvaluation.Evaluate(ceiling, pipelines, halfRate, memory, settings.LookupsPerSecond);
        var environment = RunEnvironmentProbe.Describe(settings, _description?.Device ?? settings.Device, _broker, _shape, otherLoad);
        var modelInfo = _description is null ? null : new ModelInfo(_description.Version, _description.Source, _description.ItemCount,
            _description.EmbeddingSize, _description.HiddenSize, settings.ModelPath is not null, settings.TopK);
        progress?.Report(_phasesDone, "done");
        return new BenchmarkReport(startedAt, Math.Round(clock.Elapsed.TotalSeconds), environment, modelInfo, ceiling, pipelines, halfRate, kafka, memory, targets, migration);
    }

    /// <summary>A redis-server of the run's own for grain state and membership, when wanted and installed.</summary>
    private async Task<RedisProcess?> StartRedisAsync(bool wanted, CancellationToken cancellationToken)
    {
        if (!wanted) return null;
        if (RedisProcess.FindExecutable() is null)
        {
            log("  redis-server is not on PATH: grain state stays in the silo for this section");
            return null;
        }
        return await RedisProcess.StartAsync(cancellationToken);
    }

    private bool Runs(BenchmarkSections section) => settings.Sections.HasFlag(section);

    private async Task<IBenchmarkCluster> StartAsync(PipelineMode mode, CancellationToken cancellationToken, RedisProcess? redis = null, BenchmarkSettings? clusterSettings = null)
    {
        var started = Stopwatch.StartNew();
        var cluster = await ClusterFactory.StartAsync(clusterSettings ?? settings, mode, cancellationToken, redis);
        log($"  cluster up in {started.Elapsed.TotalSeconds:0.0} s: {cluster.Shape}");
        _description ??= await cluster.Client.GetGrain<IInferenceGrain>(0).Describe();
        _shape ??= cluster.Shape;
        _broker ??= cluster.Kafka.BootstrapServers;
        return cluster;
    }

    /// <summary>The model the silos serve, with the model file's transition term when it has one.</summary>
    private (InterestModel Model, TransitionPrior? TransitionPrior) LoadModel()
    {
        var device = TorchDevices.Resolve(settings.Device);
        if (settings.ModelPath is { } path)
        {
            var (loaded, metadata) = ModelFile.Load(path, device);
            loaded.eval();
            return (loaded, TransitionPrior.From(metadata));
        }
        var model = new InterestModel(settings.ItemCount, settings.EmbeddingSize, settings.HiddenSize, seed: 42, device);
        model.eval();
        return (model, null);
    }
}
