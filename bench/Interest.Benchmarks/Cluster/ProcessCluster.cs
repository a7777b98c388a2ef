using Interest.Streaming;
using Interest.Streaming.Broker;
using Interest.Web.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Interest.Benchmarks.Cluster;

/// <summary>
/// The production shape on this machine: the silo (every role; it hosts the embedded Kafka broker) and the web tier
/// each run as their own <c>dotnet</c> process from their build output; this process is an Orleans client and the
/// Kafka producer.
/// </summary>
public sealed class ProcessCluster : IBenchmarkCluster
{
    private readonly ChildProcess _silo;
    private readonly ChildProcess _web;
    private readonly IHost _clientHost;
    private readonly ClusterLayout _layout;
    private readonly int? _redisProcessId;

    private ProcessCluster(ClusterLayout layout, ChildProcess silo, ChildProcess web, IHost clientHost, KafkaOptions kafka, int? redisProcessId)
    {
        _layout = layout;
        _silo = silo;
        _web = web;
        _clientHost = clientHost;
        _redisProcessId = redisProcessId;
        Kafka = kafka;
        Client = clientHost.Services.GetRequiredService<IClusterClient>();
        Lookups = clientHost.Services.GetRequiredService<RecommendationLookup>();
        Diagnostics = new SiloDiagnostics(layout.SiloAddress);
    }

    public PipelineMode Mode => _layout.Mode;

    public string Shape => $"separate processes: silo pid {_silo.Id} (roles ingest,inference; embedded Kafka broker; grain state {(_layout.Redis is null ? "in the silo" : $"in Redis, redis-server pid {_redisProcessId}")}), web tier pid {_web.Id}, benchmark pid {Environment.ProcessId}";

    public IClusterClient Client { get; }

    public RecommendationLookup Lookups { get; }

    public KafkaOptions Kafka { get; }

    public Uri WebAddress => _layout.WebAddress;

    public SiloDiagnostics Diagnostics { get; }

    public int SiloProcessId => _silo.Id;

    public IReadOnlyDictionary<string, int> ProcessIds
    {
        get
        {
            var ids = new Dictionary<string, int> { ["silo"] = _silo.Id, ["web tier"] = _web.Id, ["benchmark"] = Environment.ProcessId };
            if (_redisProcessId is { } redis) ids["redis-server"] = redis;
            return ids;
        }
    }

    public static async Task<ProcessCluster> StartAsync(BenchmarkSettings settings, PipelineMode mode, CancellationToken cancellationToken, string? redis = null, int? redisProcessId = null)
    {
        var layout = new ClusterLayout(settings, mode, redis);
        var build = BuildOutput.Locate();
        string logs = settings.LogDirectory;
        Directory.CreateDirectory(logs);
        string name = mode.ToString().ToLowerInvariant();

        string siloProgram = layout.NeedsBenchmarkArms ? build.BenchmarkSiloAssembly : build.SiloAssembly;
        var silo = ChildProcess.Start(siloProgram, ClusterLayout.ToArguments(layout.SiloSettings), Path.Combine(logs, $"silo-{name}.log"), settings.SiloEnvironment);
        ChildProcess? web = null;
        IHost? client = null;
        try
        {
            using var siloExit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _ = WatchExitAsync(silo, siloExit);
            string bootstrap;
            try
            {
                bootstrap = await KafkaBootstrap.ResolveAsync(layout.Kafka, ClusterReadiness.StartTimeout, siloExit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"The silo exited while starting; its log ends:\n{silo.LogTail()}");
            }
            var kafka = Copy(layout.Kafka, bootstrap);

            web = ChildProcess.Start(build.WebHostAssembly, ClusterLayout.ToArguments(layout.WebSettings(bootstrap)), Path.Combine(logs, $"web-{name}.log"), settings.WebEnvironment);
            client = await ConnectClientAsync(layout, silo, cancellationToken);
            var cluster = new ProcessCluster(layout, silo, web, client, kafka, redisProcessId);
            var startedWeb = web;
            await ClusterReadiness.WaitAsync(cluster.Client, cluster.Diagnostics, layout.WebAddress,
                () => silo.HasExited ? $"The silo exited; its log ends:\n{silo.LogTail()}"
                    : startedWeb.HasExited ? $"The web tier exited; its log ends:\n{startedWeb.LogTail()}" : null,
                cancellationToken);
            return cluster;
        }
        catch
        {
            if (client is not null) await StopClientAsync(client);
            if (web is not null) await web.DisposeAsync();
            await silo.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Diagnostics.Dispose();
        await StopClientAsync(_clientHost);
        await _web.DisposeAsync();
        await _silo.DisposeAsync();
        TryDelete(_layout.WorkDirectory);
    }

    internal static KafkaOptions Copy(KafkaOptions options, string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        Topic = options.Topic,
        DeadLetterTopic = options.DeadLetterTopic,
        ConsumerGroup = options.ConsumerGroup,
        Partitions = options.Partitions,
        BootstrapFile = options.BootstrapFile,
    };

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder; leaving it is harmless.
        }
    }

    private static async Task WatchExitAsync(ChildProcess process, CancellationTokenSource onExit)
    {
        while (!onExit.IsCancellationRequested)
        {
            if (process.HasExited)
            {
                await onExit.CancelAsync();
                return;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Retries until the silo's gateway accepts the client (the silo may still be starting).</summary>
    private static async Task<IHost> ConnectClientAsync(ClusterLayout layout, ChildProcess silo, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ClusterReadiness.StartTimeout;
        while (true)
        {
            var host = new HostBuilder()
                .UseOrleansClient(client =>
                {
                    if (layout.Redis is null)
                    {
                        client.Configure<ClusterOptions>(options => options.ClusterId = options.ServiceId = "interest");
                        client.UseLocalhostClustering(layout.GatewayPort);
                    }
                    else
                    {
                        client.Configure<ClusterOptions>(options => options.ClusterId = options.ServiceId = layout.ClusterId);
                        client.UseStaticClustering(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, layout.GatewayPort));
                    }
                })
                .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Error))
                // The freshness probes read what the web tier reads: the recommendation store, when it has one.
                .ConfigureServices(services => services.AddRecommendationLookup(
                    new ConfigurationBuilder().AddInMemoryCollection(layout.StoreSettings!).Build()))
                .Build();
            try
            {
                await host.StartAsync(cancellationToken);
                return host;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline && !silo.HasExited)
            {
                host.Dispose();
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static async Task StopClientAsync(IHost host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // The silo may already be gone; nothing to tidy up on the client's side that the process exit won't.
        }
        host.Dispose();
    }
}
