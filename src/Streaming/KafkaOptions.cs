namespace Interest.Streaming;

/// <summary>Kafka settings shared by the producers, the consumer and the embedded broker (configuration section "Kafka").</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";
    public const int DefaultMaxMessageBytes = 65536;

    /// <summary>
    /// Real brokers ("host:9092,..."). Null or empty: the embedded broker (a silo runs it in the demo or with
    /// <see cref="Embedded"/>) and clients find it through <see cref="BootstrapFile"/>.
    /// </summary>
    public string? BootstrapServers { get; set; }

    /// <summary>
    /// A silo outside the demo runs the embedded broker (development and tests) when this is true and
    /// <see cref="BootstrapServers"/> is empty; otherwise it refuses to start without bootstrap servers.
    /// </summary>
    public bool Embedded { get; set; }

    /// <summary>
    /// An address of this host at which the embedded broker is also reachable from other hosts (it listens on loopback
    /// only): it then relays connections from there and names that address in metadata. Null: loopback only.
    /// </summary>
    public string? EmbeddedAdvertisedAddress { get; set; }

    public string Topic { get; set; } = "clickstream";

    public string DeadLetterTopic { get; set; } = "clickstream-deadletter";

    public string ConsumerGroup { get; set; } = "interest-silos";

    /// <summary>Partition count of the topics the embedded broker creates. Real topics are created by whoever runs the cluster.</summary>
    public int Partitions { get; set; } = 16;

    /// <summary>Where a silo running the embedded broker writes its bootstrap address for other processes on the machine.</summary>
    public string BootstrapFile { get; set; } = Path.Combine(Path.GetTempPath(), "interest", "kafka-bootstrap");

    public int MaxPollBatch { get; set; } = 1000;

    public int MaxPollWaitMs { get; set; } = 20;

    /// <summary>
    /// Poll batches a consumer delivers at once, as long as they hold fewer than <see cref="MaxPollBatch"/> messages in
    /// all (a full batch is delivered alone). With more than one, the next batch is read and delivered while the
    /// previous one is still in the sink; a user's events still reach the sink in order, and offsets are stored in
    /// order. 1 delivers a batch before the next is read.
    /// </summary>
    public int MaxBatchesInFlight { get; set; } = 2;

    /// <summary>Larger messages are dead-lettered (and dead letters are truncated to this size).</summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>Extra librdkafka settings (e.g. security.protocol, sasl.*, ssl.*) passed unchanged to every client.</summary>
    public Dictionary<string, string> Client { get; set; } = new(StringComparer.Ordinal);

    public bool UsesEmbeddedBroker => string.IsNullOrWhiteSpace(BootstrapServers);

    /// <summary>Throws when a setting cannot work; called by everything that takes options.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Topic), "Kafka:Topic must be set.");
        Require(!string.IsNullOrWhiteSpace(DeadLetterTopic), "Kafka:DeadLetterTopic must be set.");
        Require(Topic != DeadLetterTopic, "Kafka:DeadLetterTopic must differ from Kafka:Topic.");
        Require(!string.IsNullOrWhiteSpace(ConsumerGroup), "Kafka:ConsumerGroup must be set.");
        Require(Partitions is >= 1 and <= 1024, "Kafka:Partitions must be 1..1024.");
        Require(!string.IsNullOrWhiteSpace(BootstrapFile), "Kafka:BootstrapFile must be set.");
        Require(MaxPollBatch >= 1, "Kafka:MaxPollBatch must be at least 1.");
        Require(MaxPollWaitMs >= 0, "Kafka:MaxPollWaitMs must not be negative.");
        Require(MaxBatchesInFlight is >= 1 and <= 64, "Kafka:MaxBatchesInFlight must be 1..64.");
        Require(MaxMessageBytes >= 256, "Kafka:MaxMessageBytes must be at least 256.");
        Require(string.IsNullOrWhiteSpace(EmbeddedAdvertisedAddress) || System.Net.IPAddress.TryParse(EmbeddedAdvertisedAddress, out _),
            "Kafka:EmbeddedAdvertisedAddress must be an IP address.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }
}
