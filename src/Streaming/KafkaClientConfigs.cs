using Confluent.Kafka;
using Interest.Streaming.Broker;

namespace Interest.Streaming;

/// <summary>
/// Client settings in one place. Order: Interest's defaults, then Kafka:Client (so SASL/TLS and tuning can be
/// supplied or overridden), then the few settings the at-least-once design depends on.
/// </summary>
public static class KafkaClientConfigs
{
    public const int EmbeddedBrokerSessionTimeoutMs = 6000;

    public static ProducerConfig Producer(KafkaOptions options, string bootstrapServers, string clientId)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = clientId,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            CompressionType = CompressionType.None,
        };
        Apply(config, options);
        return config;
    }

    public static ConsumerConfig Consumer(KafkaOptions options, string bootstrapServers, string clientId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = clientId,
            GroupId = options.ConsumerGroup,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1000,
            EnablePartitionEof = false,
        };
        if (options.UsesEmbeddedBroker || EmbeddedKafkaBroker.IsRunningInProcess(bootstrapServers))
        {
            // The embedded broker keeps a member that left (a restarted silo) in the group until its session times
            // out, and only then hands its partitions to anyone: 45 s by default, 6 s here.
            config.SessionTimeoutMs = EmbeddedBrokerSessionTimeoutMs;
            config.HeartbeatIntervalMs = EmbeddedBrokerSessionTimeoutMs / 4;
        }
        Apply(config, options);
        // Offsets are stored only after the sink acknowledged the events; auto-commit then commits what was stored.
        config.EnableAutoOffsetStore = false;
        config.GroupId = options.ConsumerGroup;
        return config;
    }

    /// <summary>For reading a group's committed offsets without joining it (never subscribes).</summary>
    public static ConsumerConfig GroupObserver(KafkaOptions options, string bootstrapServers, string clientId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = clientId,
            GroupId = options.ConsumerGroup,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
        };
        Apply(config, options);
        config.GroupId = options.ConsumerGroup;
        config.EnableAutoCommit = false;
        return config;
    }

    public static string ClientId(string role) => $"interest-{role}-{Environment.MachineName}-{Environment.ProcessId}";

    private static void Apply(ClientConfig config, KafkaOptions options)
    {
        foreach (var (name, value) in options.Client)
        {
            config.Set(name, value);
        }
    }
}
