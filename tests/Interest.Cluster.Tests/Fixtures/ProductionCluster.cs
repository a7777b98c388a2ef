using Interest.Abstractions;
using Interest.Silo.Hosting;
using Interest.Streaming;
using Interest.Streaming.Broker;
using Interest.Testing;
using Interest.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interest.Cluster.Tests.Fixtures;

/// <summary>
/// The production shape over real sockets in this process: a real redis-server (membership and grain state), the
/// embedded Kafka broker, two silos built by the silo program's own <see cref="SiloHost"/> (one with every role, one
/// ingest-only) and the web tier as a separate Orleans client that finds the cluster through Redis.
/// </summary>
public sealed class ProductionCluster : IAsyncLifetime
{
    private readonly List<WebApplication> _silos = [];
    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private readonly string _topicSuffix;
    private readonly IReadOnlyDictionary<string, string?> _extraSettings;
    private readonly Func<RedisServer, Task>? _beforeSilos;

    /// <summary>The cluster the end-to-end tests share (<see cref="ProductionClusterCollection"/>).</summary>
    public ProductionCluster()
        : this("production", new Dictionary<string, string?>(), beforeSilos: null)
    {
    }

    /// <summary>A cluster of a test's own: its topics, settings for every silo and the web tier, and what to prepare in
    /// Redis before the silos start.</summary>
    internal ProductionCluster(string topicSuffix, IReadOnlyDictionary<string, string?> extraSettings, Func<RedisServer, Task>? beforeSilos)
    {
        _topicSuffix = topicSuffix;
        _extraSettings = extraSettings;
        _beforeSilos = beforeSilos;
    }

    public const string ApiKey = "test-api-key-8c1f";

    public RedisServer Redis { get; private set; } = null!;

    public EmbeddedKafkaBroker Broker { get; private set; } = null!;

    public KafkaOptions Kafka { get; private set; } = null!;

    public WebApplication Web { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IReadOnlyList<WebApplication> Silos => _silos;

    public IGrainFactory Grains => Web.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        var settings = TestSettings.Base(null, _topicSuffix);
        Kafka = new KafkaOptions
        {
            Topic = settings["Kafka:Topic"]!,
            DeadLetterTopic = settings["Kafka:DeadLetterTopic"]!,
            ConsumerGroup = settings["Kafka:ConsumerGroup"]!,
            Partitions = 8,
            BootstrapFile = Path.Combine(Path.GetTempPath(), $"interest-test-{Guid.NewGuid():N}", "kafka-bootstrap"),
        };
        Broker = new EmbeddedKafkaBroker(Kafka, NullLogger<EmbeddedKafkaBroker>.Instance);
        Kafka.BootstrapServers = Broker.BootstrapServers;
        if (_beforeSilos is not null) await _beforeSilos(Redis);

        await StartSiloAsync("ingest,inference", management: true);
        await StartSiloAsync("ingest");
        await StartWebTierAsync();
        await Eventually.Until(() => Grains.GetGrain<IInferenceGrain>(0).Describe(), _ => true, TimeSpan.FromSeconds(60), "an inference silo");
    }

    public const string OperatorPassword = "operator-password-51d";

    /// <summary>The first silo's management port, where (only) its dashboard is served.</summary>
    public int ManagementPort { get; } = FreePort.Next();

    private async Task StartSiloAsync(string roles, bool management = false)
    {
        var settings = Common();
        if (management)
        {
            settings["Management:Port"] = ManagementPort.ToString();
            settings["Management:Host"] = "127.0.0.1";
            settings["Management:Password"] = OperatorPassword;
        }
        settings["Silo:Roles"] = roles;
        settings["Silo:SiloPort"] = FreePort.Next().ToString();
        settings["Silo:GatewayPort"] = FreePort.Next().ToString();
        settings["Urls"] = "http://127.0.0.1:0";
        var silo = SiloHost.Build(ToArguments(settings));
        await silo.StartAsync();
        _silos.Add(silo);
    }

    private async Task StartWebTierAsync()
    {
        Web = await StartAnotherWebTierAsync(new Dictionary<string, string?>());
        Http = new HttpClient { BaseAddress = new Uri(AddressOf(Web)) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    /// <summary>A web tier of this cluster with extra settings, started; the caller stops and disposes it.</summary>
    public async Task<WebApplication> StartAnotherWebTierAsync(IDictionary<string, string?> extra)
    {
        var settings = Common();
        settings["Web:ApiKeys:0"] = "another-key";
        settings["Web:ApiKeys:1"] = ApiKey;
        foreach (var (key, value) in extra) settings[key] = value;
        var web = WebTier.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        });
        try
        {
            await web.StartAsync();
        }
        catch
        {
            await web.DisposeAsync();
            throw;
        }
        return web;
    }

    private Dictionary<string, string?> Common()
    {
        var settings = TestSettings.Base(Broker.BootstrapServers, _topicSuffix);
        settings["Redis:ConnectionString"] = Redis.ConnectionString;
        settings["Orleans:ClusterId"] = _clusterId;
        settings["Orleans:ServiceId"] = _clusterId;
        settings["Kafka:Partitions"] = Kafka.Partitions.ToString();
        settings["Kafka:BootstrapFile"] = Kafka.BootstrapFile;
        foreach (var (key, value) in _extraSettings) settings[key] = value;
        return settings;
    }

    public static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static string[] ToArguments(Dictionary<string, string?> settings) =>
        settings.Where(s => s.Value is not null).SelectMany(s => new[] { $"--{s.Key}", s.Value! }).ToArray();

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Web is not null)
        {
            await Web.StopAsync();
            await Web.DisposeAsync();
        }
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
        Broker?.Dispose();
        if (Redis is not null) await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ProductionClusterCollection : ICollectionFixture<ProductionCluster>
{
    public const string Name = "production cluster";
}
