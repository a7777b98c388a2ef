namespace Interest.Benchmarks.Cluster;

internal static class ClusterFactory
{
    public static async Task<IBenchmarkCluster> StartAsync(BenchmarkSettings settings, PipelineMode mode, CancellationToken cancellationToken, RedisProcess? redis = null) =>
        settings.SeparateProcesses
            ? await ProcessCluster.StartAsync(settings, mode, cancellationToken, redis?.ConnectionString, redis?.ProcessId)
            : await InProcessCluster.StartAsync(settings, mode, cancellationToken, redis?.ConnectionString);
}
