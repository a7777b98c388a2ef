namespace Interest.Benchmarks.Cluster;

internal static class ClusterFactory
{
    public static async Task<IBenchmarkCluster> StartAsync(BenchmarkSettings settings, PipelineMode mode, CancellationToken cancellationToken, string? redis = null) =>
        settings.SeparateProcesses
            ? await ProcessCluster.StartAsync(settings, mode, cancellationToken, redis)
            : await InProcessCluster.StartAsync(settings, mode, cancellationToken, redis);
}
