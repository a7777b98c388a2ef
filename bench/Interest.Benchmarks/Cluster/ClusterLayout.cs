using System.Globalization;
using Interest.Benchmarks.Silo;
using Interest.RecommendationStore;
using Interest.Streaming;

namespace Interest.Benchmarks.Cluster;

/// <summary>
/// The command-line settings of one silo (every role, embedded Kafka broker, in-memory state, localhost clustering)
/// and one web tier, for a pipeline mode. The same settings drive separate processes and the in-process smoke run.
/// </summary>
public sealed class ClusterLayout
{
    /// <param name="redis">Grain state and membership in this Redis (the production shape); null keeps both in the silo.</param>
    public ClusterLayout(BenchmarkSettings settings, PipelineMode mode, string? redis = null)
    {
        Mode = mode;
        Redis = redis;
        var ports = FreePorts.Take(4);
        SiloPort = ports[0];
        GatewayPort = ports[1];
        SiloHttpPort = ports[2];
        WebPort = ports[3];
        WorkDirectory = Path.Combine(Path.GetTempPath(), "interest-bench", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(WorkDirectory);
        int partitions = settings.SiloSettings.TryGetValue("Kafka:Partitions", out var configured) ? int.Parse(configured, CultureInfo.InvariantCulture) : 16;
        Kafka = new KafkaOptions { BootstrapFile = Path.Combine(WorkDirectory, "kafka-bootstrap"), Partitions = partitions };

        var silo = new Dictionary<string, string>
        {
            ["Silo:Roles"] = "ingest,inference",
            ["Silo:SiloPort"] = Text(SiloPort),
            ["Silo:GatewayPort"] = Text(GatewayPort),
            ["Urls"] = $"http://127.0.0.1:{SiloHttpPort}",
            ["Kafka:BootstrapFile"] = Kafka.BootstrapFile,
            ["Kafka:Embedded"] = "true",
            // The benchmark's processes all run on this machine.
            ["Silo:AdvertisedAddress"] = "127.0.0.1",
            ["Kafka:Partitions"] = Text(Kafka.Partitions),
            ["Diagnostics:Enabled"] = "true",
            // A silo left behind by a benchmark that crashed or was killed stops by itself.
            ["Silo:ParentProcessId"] = Text(Environment.ProcessId),
            ["Inference:Device"] = settings.Device,
            ["Inference:ItemCount"] = Text(settings.ItemCount),
            ["Inference:EmbeddingSize"] = Text(settings.EmbeddingSize),
            ["Inference:HiddenSize"] = Text(settings.HiddenSize),
            ["Users:StoredTopK"] = Text(settings.TopK),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (settings.ModelPath is { } model) silo["Inference:ModelPath"] = Path.GetFullPath(model);
        if (redis is not null)
        {
            silo["Redis:ConnectionString"] = redis;
            silo["Orleans:ClusterId"] = ClusterId;
            silo["Orleans:ServiceId"] = ClusterId;
        }
        foreach (var (key, value) in settings.SiloSettings) silo[key] = value;
        switch (mode)
        {
            case PipelineMode.BatchSizeOne:
                silo["Inference:MaxBatchSize"] = "1";
                silo["Inference:MaxBatchWaitMs"] = "0";
                break;
            case PipelineMode.StatelessReencoding:
                silo[BenchmarkArms.StatelessReencodingKey] = "true";
                break;
        }
        SiloSettings = silo;
    }

    /// <summary>The key lookups send (X-Api-Key): the web tier serves no anonymous lookups, and checking the key is part of a lookup's cost.</summary>
    public const string ApiKey = "benchmark-key";

    public PipelineMode Mode { get; }

    /// <summary>Whether the silo needs the benchmark's own silo program (<see cref="BenchmarkArms"/>) rather than the production one.</summary>
    public bool NeedsBenchmarkArms => Mode == PipelineMode.StatelessReencoding;

    public string? Redis { get; }

    /// <summary>With Redis membership, a cluster id of its own so that runs never meet each other's silos.</summary>
    public string ClusterId { get; } = "bench-" + Guid.NewGuid().ToString("N")[..8];

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int SiloHttpPort { get; }

    public int WebPort { get; }

    public string WorkDirectory { get; }

    /// <summary>Where the silo's embedded broker writes its address; <see cref="KafkaOptions.BootstrapServers"/> stays empty.</summary>
    public KafkaOptions Kafka { get; }

    public IReadOnlyDictionary<string, string> SiloSettings { get; }

    public Uri SiloAddress => new($"http://127.0.0.1:{SiloHttpPort}");

    public Uri WebAddress => new($"http://127.0.0.1:{WebPort}");

    public IReadOnlyDictionary<string, string> WebSettings(string kafkaBootstrap)
    {
        var web = new Dictionary<string, string>
        {
            ["Orleans:GatewayPort"] = Text(GatewayPort),
            ["Kafka:BootstrapServers"] = kafkaBootstrap,
            ["Urls"] = WebAddress.ToString().TrimEnd('/'),
            ["Web:ApiKeys:0"] = ApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (Redis is not null)
        {
            web["Redis:ConnectionString"] = Redis;
            web["Orleans:ClusterId"] = ClusterId;
            web["Orleans:ServiceId"] = ClusterId;
        }
        foreach (var (key, value) in StoreSettings) web[key] = value;
        return web;
    }

    /// <summary>
    /// What a reader of the recommendation store needs: the Redis server and the <c>RecommendationStore:</c> settings
    /// given to the silo (--set), so that the silo, the web tier and the freshness probes agree on them.
    /// </summary>
    public IReadOnlyDictionary<string, string> StoreSettings
    {
        get
        {
            var store = SiloSettings.Where(s => s.Key.StartsWith(RecommendationStoreOptions.SectionName + ":", StringComparison.Ordinal))
                .ToDictionary(s => s.Key, s => s.Value);
            if (Redis is not null) store["Redis:ConnectionString"] = Redis;
            return store;
        }
    }

    public static string[] ToArguments(IReadOnlyDictionary<string, string> settings) =>
        settings.SelectMany(s => new[] { $"--{s.Key}", s.Value }).ToArray();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
