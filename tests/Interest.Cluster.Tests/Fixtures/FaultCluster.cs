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

namespace Interest.Cluster.Tests.Fixtures;

/// <summary>
/// Real processes on loopback for fault tests: an inference silo and two ingest silos (each its own OS process,
/// started from the silo program's build), a real redis-server for membership and state, the embedded Kafka broker
/// (kept in this test process, so killing a silo does not kill Kafka), and an Orleans client found through Redis.
/// All silos serve one model file, which this process also loads to compute the fault-free reference.
/// </summary>
public sealed class FaultCluster : IFaultScenarioCluster, IAsyncDisposable
{
    private readonly string _name;
    private readonly string _directory;
    private IHost? _client;

    private FaultCluster(string name)
    {
        _name = name;
        _directory = Directory.CreateTempSubdirectory($"interest-faults-{name}-").FullName;
    }

    public RedisServer Redis { get; private set; } = null!;

    public EmbeddedKafkaBroker Broker { get; private set; } = null!;

    public KafkaOptions Kafka { get; private set; } = null!;

    public string ModelPath { get; private set; } = null!;

    public SiloProcess InferenceSilo { get; private set; } = null!;

    public SiloProcess IngestA { get; private set; } = null!;

    public SiloProcess IngestB { get; private set; } = null!;

    private readonly List<SiloProcess> _extraSilos = [];

    /// <summary>Starts one more ingest silo, which joins the cluster and the consumer group.</summary>
    public async Task<SiloProcess> StartExtraIngestSiloAsync(string name)
    {
        var silo = new SiloProcess(name, SiloSettings(name, "ingest"), _directory);
        _extraSilos.Add(silo);
        await silo.StartAsync();
        return silo;
    }

    public IGrainFactory Grains => _client!.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The test's Orleans client's services (its serializer, for reading the recommendation store).</summary>
    public IServiceProvider ClientServices => _client!.Services;

    public string LogDirectory => _directory;

    public string RedisConnectionString => Redis.ConnectionString;

    public static async Task<FaultCluster> StartAsync(string name, Action<Dictionary<string, string?>>? configureInference = null)
    {
        var cluster = new FaultCluster(name);
        await cluster.InitializeAsync(configureInference);
        return cluster;
    }

    private async Task InitializeAsync(Action<Dictionary<string, string?>>? configureInference)
    {
        Redis = await RedisServer.StartAsync();
        var names = TestSettings.Base(null, _name);
        Kafka = new KafkaOptions
        {
            Topic = names["Kafka:Topic"]!,
            DeadLetterTopic = names["Kafka:DeadLetterTopic"]!,
            ConsumerGroup = names["Kafka:ConsumerGroup"]!,
            Partitions = 8,
            BootstrapFile = Path.Combine(_directory, "kafka-bootstrap"),
        };
        Broker = new EmbeddedKafkaBroker(Kafka, NullLogger<EmbeddedKafkaBroker>.Instance);
        Kafka.BootstrapServers = Broker.BootstrapServers;

        ModelPath = Path.Combine(_directory, "fault-test.model");
        using (var model = new InterestModel(TestSettings.ItemCount, 32, 32, seed: 7))
        {
            ModelFile.Save(ModelPath, model, ModelMetadata.For(model, "fault-test"));
        }

        var inference = SiloSettings("ingest-free-inference", "inference");
        configureInference?.Invoke(inference);
        InferenceSilo = new SiloProcess("inference", inference, _directory);
        IngestA = new SiloProcess("ingest-a", SiloSettings("a", "ingest"), _directory);
        IngestB = new SiloProcess("ingest-b", SiloSettings("b", "ingest"), _directory);
        await Task.WhenAll(InferenceSilo.StartAsync(), IngestA.StartAsync(), IngestB.StartAsync());

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(Common());
        builder.UseOrleansClient(client => client.UseInterestClustering(builder.Configuration));
        _client = builder.Build();
        await _client.StartAsync();
        await Eventually.Until(() => Grains.GetGrain<IInferenceGrain>(0).Describe(), d => d.Version == "fault-test", TimeSpan.FromSeconds(60), "the inference silo");
    }

    private Dictionary<string, string?> SiloSettings(string name, string roles)
    {
        var settings = Common();
        settings["Silo:Roles"] = roles;
        settings["Silo:SiloPort"] = FreePort.Next().ToString();
        settings["Silo:GatewayPort"] = FreePort.Next().ToString();
        settings["Urls"] = "http://127.0.0.1:0";
        settings["Inference:ModelPath"] = ModelPath;
        settings["Kafka:BootstrapFile"] = Path.Combine(_directory, $"unused-bootstrap-{name}");
        return settings;
    }

    private Dictionary<string, string?> Common()
    {
        var settings = TestSettings.Base(Broker.BootstrapServers, _name);
        settings["Redis:ConnectionString"] = Redis.ConnectionString;
        settings["Orleans:ClusterId"] = $"faults-{_name}";
        settings["Orleans:ServiceId"] = $"faults-{_name}";
        // Notice a killed silo in seconds rather than a minute, and time out calls to it quickly.
        settings["Orleans:Membership:ProbeTimeout"] = "00:00:01";
        settings["Orleans:Membership:NumMissedProbesLimit"] = "2";
        settings["Orleans:Membership:NumVotesForDeathDeclaration"] = "1";
        settings["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:05";
        settings["Orleans:Messaging:ResponseTimeout"] = "00:00:10";
        // A consumer that vanished gives up its partitions after 6 s (Kafka's default is 45 s).
        settings["Kafka:Client:session.timeout.ms"] = "6000";
        settings["Kafka:Client:heartbeat.interval.ms"] = "1500";
        settings["Logging:LogLevel:Default"] = "Information";
        return settings;
    }

    /// <summary>Stops redis-server, waits, and starts it again over the same data (append-only file).</summary>
    public async Task RestartRedisAsync(TimeSpan downtime)
    {
        await Redis.StopAsync();
        await Task.Delay(downtime);
        Redis = await Redis.RestartAsync();
    }

    /// <summary>The state a fault-free run gives a user: the whole sequence through the served model at once.</summary>
    public EncodedSequence Reference(int[] items, ClickEventType[] types, int topK)
    {
        _reference ??= ModelFile.Load(ModelPath).Model;
        return SequenceEncoder.Encode(_reference, items, types, [], topK);
    }

    private InterestModel? _reference;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try { await _client.StopAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
            _client.Dispose();
        }
        foreach (var silo in _extraSilos.Concat([IngestA, IngestB, InferenceSilo]).Where(s => s is not null))
        {
            await silo.DisposeAsync();
        }
        Broker?.Dispose();
        if (Redis is not null) await Redis.DisposeAsync();
        _reference?.Dispose();
    }
}
