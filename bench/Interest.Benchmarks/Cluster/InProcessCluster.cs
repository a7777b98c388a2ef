using Interest.Benchmarks.Silo;
using Interest.Silo.Hosting;
using Interest.Streaming;
using Interest.Web;
using Interest.Web.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Interest.Benchmarks.Cluster;

/// <summary>
/// The silo and the web tier built by their own programs' builders (<see cref="SiloHost"/>, <see cref="WebTier"/>),
/// with the same settings as <see cref="ProcessCluster"/>, but hosted in this process: for the CI smoke run, where
/// starting processes would take longer than the run itself. Figures from it are not comparable to a full run.
/// </summary>
public sealed class InProcessCluster : IBenchmarkCluster
{
    private readonly WebApplication _silo;
    private readonly WebApplication _web;
    private readonly ClusterLayout _layout;

    private InProcessCluster(ClusterLayout layout, WebApplication silo, WebApplication web, KafkaOptions kafka)
    {
        _layout = layout;
        _silo = silo;
        _web = web;
        Kafka = kafka;
        Client = web.Services.GetRequiredService<IClusterClient>();
        Lookups = web.Services.GetRequiredService<RecommendationLookup>();
        Diagnostics = new SiloDiagnostics(layout.SiloAddress);
    }

    public PipelineMode Mode => _layout.Mode;

    public string Shape => $"one process (CI smoke run): silo, embedded Kafka broker, web tier and benchmark in pid {Environment.ProcessId}";

    public IClusterClient Client { get; }

    public RecommendationLookup Lookups { get; }

    public KafkaOptions Kafka { get; }

    public Uri WebAddress => _layout.WebAddress;

    public SiloDiagnostics Diagnostics { get; }

    public IReadOnlyDictionary<string, int> ProcessIds => new Dictionary<string, int> { ["all (one process)"] = Environment.ProcessId };

    public int SiloProcessId => Environment.ProcessId;

    public static async Task<InProcessCluster> StartAsync(BenchmarkSettings settings, PipelineMode mode, CancellationToken cancellationToken, string? redis = null)
    {
        var layout = new ClusterLayout(settings, mode, redis);
        var silo = SiloHost.Build(ClusterLayout.ToArguments(layout.SiloSettings), BenchmarkArms.Add);
        await silo.StartAsync(cancellationToken);
        string bootstrap = silo.Configuration["Kafka:BootstrapServers"]
            ?? throw new InvalidOperationException("The silo did not start its embedded broker.");
        var web = WebTier.Build(ClusterLayout.ToArguments(layout.WebSettings(bootstrap)));
        await web.StartAsync(cancellationToken);
        var cluster = new InProcessCluster(layout, silo, web, ProcessCluster.Copy(layout.Kafka, bootstrap));
        await ClusterReadiness.WaitAsync(cluster.Client, cluster.Diagnostics, layout.WebAddress, () => null, cancellationToken);
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        Diagnostics.Dispose();
        await _web.StopAsync();
        await _web.DisposeAsync();
        await _silo.StopAsync();
        await _silo.DisposeAsync();
        ProcessCluster.TryDelete(_layout.WorkDirectory);
    }
}
