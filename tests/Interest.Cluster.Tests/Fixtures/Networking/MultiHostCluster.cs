using System.Net;
using Interest.Abstractions;
using Interest.Cluster.Tests.Faults;
using Interest.Inference;
using Interest.Streaming;
using Interest.Streaming.Broker;
using Interest.Testing;
using Interest.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interest.Cluster.Tests.Fixtures.Networking;

/// <summary>One row of the membership table: the silo address (as the table keys it) and its status.</summary>
public sealed record MembershipRow(string SiloAddress, SiloStatus Status)
{
    public bool IsOn(IPAddress host) => SiloAddress.Contains($"{host}:", StringComparison.Ordinal);
}

/// <summary>
/// The process topology of deploy/compose/compose.yaml on one machine, each service on a host of its own (a network
/// namespace on a private bridge): redis-server, the inference silo, the ingest silos (as many as the compose file's
/// replicas) and the web tier, each started with the compose file's environment plus the named test overrides below.
/// Kafka is the embedded broker in this process, reachable from the hosts at the bridge address (host name kafka).
/// Nothing tells the silos their address: they find it as they would in a container.
/// </summary>
public sealed class MultiHostCluster : IFaultScenarioCluster, IAsyncDisposable
{
    private readonly string _name;
    private readonly string _directory;
    private readonly Dictionary<string, string> _overrides;
    private readonly List<NamespacedProcess> _processes = [];
    private IHost? _client;
    private InterestModel? _reference;

    private MultiHostCluster(string name, Dictionary<string, string> overrides)
    {
        _name = name;
        _overrides = overrides;
        _directory = Directory.CreateTempSubdirectory($"interest-multihost-{name}-").FullName;
    }

    public VirtualNetwork Network { get; private set; } = null!;

    public ComposeFile Compose { get; private set; } = null!;

    public EmbeddedKafkaBroker Broker { get; private set; } = null!;

    public KafkaOptions Kafka { get; private set; } = null!;

    public NamespacedProcess Redis { get; private set; } = null!;

    public NamespacedProcess Inference { get; private set; } = null!;

    public IReadOnlyList<NamespacedProcess> Ingest { get; private set; } = [];

    public NamespacedProcess Web { get; private set; } = null!;

    /// <summary>The web tier as this process reaches it, with the compose file's API key.</summary>
    public HttpClient Http { get; private set; } = null!;

    public string ModelPath { get; private set; } = null!;

    public string LogDirectory => _directory;

    public IGrainFactory Grains => _client!.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider ClientServices => _client!.Services;

    public string RedisConnectionString => $"{Redis.Host.Address}:6379,abortConnect=false";

    /// <summary>
    /// Starts it all. <paramref name="overrides"/> are extra settings (configuration keys) for every silo and the web
    /// tier, on top of the compose environment and this fixture's own test overrides.
    /// </summary>
    public static async Task<MultiHostCluster> StartAsync(string name, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var cluster = new MultiHostCluster(name, new Dictionary<string, string>(overrides ?? new Dictionary<string, string>()));
        try
        {
            await cluster.InitializeAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    private async Task InitializeAsync()
    {
        // Only compose's defaults: nothing of this machine's environment (an INTEREST_API_KEY, say) changes the set-up.
        Compose = ComposeFile.LoadFromRepository(new Dictionary<string, string?>());
        Network = VirtualNetwork.Create();
        var redisHost = Network.AddHost("redis");
        var inferenceHost = Network.AddHost("inference");
        var ingestService = Compose["ingest"];
        var ingestHosts = Enumerable.Range(1, ingestService.Replicas).Select(i => Network.AddHost($"ingest-{i}")).ToList();
        var webHost = Network.AddHost("web");

        Redis = new NamespacedProcess("redis", redisHost, RedisExecutable(),
            ["--port", "6379", "--bind", redisHost.Address.ToString(), "--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", _directory],
            new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" }, _directory);
        _processes.Add(Redis);
        await Redis.StartAsync("Ready to accept connections", TimeSpan.FromSeconds(20));

        var names = TestSettings.Base(null, _name);
        Kafka = new KafkaOptions
        {
            Topic = names["Kafka:Topic"]!,
            DeadLetterTopic = names["Kafka:DeadLetterTopic"]!,
            ConsumerGroup = names["Kafka:ConsumerGroup"]!,
            Partitions = 8,
            BootstrapFile = Path.Combine(_directory, "kafka-bootstrap"),
            EmbeddedAdvertisedAddress = Network.Gateway.ToString(),
        };
        Broker = new EmbeddedKafkaBroker(Kafka, NullLogger<EmbeddedKafkaBroker>.Instance);
        Kafka.BootstrapServers = Broker.BootstrapServers;

        ModelPath = Path.Combine(_directory, "multi-host.model");
        using (var model = new InterestModel(TestSettings.ItemCount, 32, 32, seed: 7))
        {
            ModelFile.Save(ModelPath, model, ModelMetadata.For(model, "multi-host"));
        }

        string silo = SiloProcess.SiloAssembly;
        Inference = new NamespacedProcess("inference", inferenceHost, DotnetExecutable(), [silo], Environment(Compose["inference"], SiloOverrides("inference")), _directory);
        Ingest = ingestHosts.Select(h => new NamespacedProcess(h.HostName, h, DotnetExecutable(), [silo], Environment(ingestService, SiloOverrides(h.HostName)), _directory)).ToList();
        _processes.Add(Inference);
        _processes.AddRange(Ingest);
        string siloDirectory = Path.GetDirectoryName(silo)!;
        await Task.WhenAll(new[] { Inference }.Concat(Ingest).Select(p => p.StartAsync("Application started", TimeSpan.FromSeconds(90), siloDirectory)));

        string webAssembly = SiloProcess.FindBuiltAssembly(Path.Combine("src", "Client", "WebHost"), "Interest.WebHost.dll");
        Web = new NamespacedProcess("web", webHost, DotnetExecutable(), [webAssembly], Environment(Compose["web"], WebOverrides()), _directory);
        _processes.Add(Web);
        await Web.StartAsync("Application started", TimeSpan.FromSeconds(90), Path.GetDirectoryName(webAssembly));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = RedisConnectionString,
            ["Orleans:ClusterId"] = ClusterId,
            ["Orleans:ServiceId"] = ServiceId,
        });
        builder.UseOrleansClient(client => client.UseInterestClustering(builder.Configuration));
        _client = builder.Build();
        await _client.StartAsync();
        await Eventually.Until(() => Grains.GetGrain<IInferenceGrain>(0).Describe(), d => d.Version == "multi-host", TimeSpan.FromSeconds(60), "the inference silo");

        string webPort = new Uri(Setting(Compose["web"], "Urls")!.Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString();
        Http = new HttpClient { BaseAddress = new Uri($"http://{webHost.Address}:{webPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", Setting(Compose["web"], "Web:ApiKeys:0") ?? throw new InvalidOperationException("The compose web service has no Web__ApiKeys__0."));
    }

    /// <summary>
    /// The membership table as the silos wrote it to Redis (read directly, so a silo cut off the network cannot stall
    /// the read as a call through the cluster would): each row's silo address and status (Orleans' SiloStatus).
    /// </summary>
    public async Task<IReadOnlyList<MembershipRow>> ReadMembershipAsync()
    {
        _redis ??= await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisConnectionString);
        string key = $"{ServiceId}/members/{ClusterId}";
        var rows = new List<MembershipRow>();
        foreach (var entry in await _redis.GetDatabase().HashGetAllAsync(key))
        {
            if (entry.Name == "Version") continue;
            using var row = System.Text.Json.JsonDocument.Parse(entry.Value.ToString());
            var status = row.RootElement.GetProperty("Status");
            rows.Add(new MembershipRow(entry.Name.ToString(), status.ValueKind == System.Text.Json.JsonValueKind.Number
                ? (SiloStatus)status.GetInt32()
                : Enum.Parse<SiloStatus>(status.GetString()!)));
        }
        return rows;
    }

    private StackExchange.Redis.ConnectionMultiplexer? _redis;

    /// <summary>The silos' cluster and service ids: the compose file's, else the programs' default.</summary>
    private string ClusterId => Setting(Compose["inference"], "Orleans:ClusterId") ?? "interest";

    private string ServiceId => Setting(Compose["inference"], "Orleans:ServiceId") ?? "interest";

    /// <summary>The compose file's value of a configuration key for a service, as its environment spells it.</summary>
    public static string? Setting(ComposeService service, string key) => service.Environment.GetValueOrDefault(key.Replace(":", "__", StringComparison.Ordinal));

    private Dictionary<string, string> SiloOverrides(string name)
    {
        var settings = TestOverrides();
        settings["Inference:ModelPath"] = ModelPath;
        // The compose file's registry is a host path; this test's is its own, empty folder.
        settings["ModelRegistry:Directory"] = Path.Combine(_directory, "registry");
        settings["Kafka:BootstrapFile"] = Path.Combine(_directory, $"unused-bootstrap-{name}");
        // A silo outlives a test host that crashes or is killed unless it watches for it.
        settings["Silo:ParentProcessId"] = System.Environment.ProcessId.ToString();
        foreach (var (key, value) in _overrides) settings[key] = value;
        return settings;
    }

    private Dictionary<string, string> WebOverrides()
    {
        var settings = TestOverrides();
        foreach (var (key, value) in _overrides) settings[key] = value;
        return settings;
    }

    /// <summary>The small test model and this run's topic names; never an advertised address (the silos find theirs).</summary>
    private Dictionary<string, string> TestOverrides()
    {
        var settings = TestSettings.Base(null, _name)
            .Where(s => s.Value is not null && s.Key is not ("Silo:AdvertisedAddress" or "Kafka:Embedded" or "Kafka:BootstrapServers"))
            .ToDictionary(s => s.Key, s => s.Value!);
        // The embedded broker's relay listens on the bridge address under a port of its own, not compose's 9092.
        settings["Kafka:BootstrapServers"] = $"kafka:{IPEndPoint.Parse(Broker.BootstrapServers).Port}";
        // The test model on the CPU on any machine (compose puts inference on a GPU); parity is checked against the CPU.
        settings["Inference:Device"] = "cpu";
        settings["Logging:LogLevel:Default"] = "Information";
        return settings;
    }

    /// <summary>
    /// Exactly the compose service's environment and the overrides (as environment variables), plus what the dotnet
    /// host itself needs: nothing else of this process's environment reaches the service.
    /// </summary>
    private static Dictionary<string, string> Environment(ComposeService service, Dictionary<string, string> overrides)
    {
        var environment = new Dictionary<string, string>(service.Environment, StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/root",
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (string key in new[] { "DOTNET_ROOT", "DOTNET_NOLOGO" })
        {
            if (System.Environment.GetEnvironmentVariable(key) is { } value) environment[key] = value;
        }
        foreach (var (key, value) in overrides) environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return environment;
    }

    private static string DotnetExecutable()
    {
        string? host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        foreach (string dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/share/dotnet").Append("/usr/bin"))
        {
            string candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("dotnet was not found (DOTNET_HOST_PATH, PATH).");
    }

    private static string RedisExecutable() =>
        new[] { "/usr/bin", "/usr/local/bin" }.Concat((System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("redis-server is not on PATH: run scripts/test.sh (it installs it) or apt-get install -y redis-server.");

    public EncodedSequence Reference(int[] items, ClickEventType[] types, int topK)
    {
        _reference ??= ModelFile.Load(ModelPath).Model;
        return SequenceEncoder.Encode(_reference, items, types, [], topK);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_client is not null)
        {
            try { await _client.StopAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
            _client.Dispose();
        }
        foreach (var process in Enumerable.Reverse(_processes)) await process.DisposeAsync();
        Broker?.Dispose();
        if (Network is not null) await Network.DisposeAsync();
        _reference?.Dispose();
    }
}
