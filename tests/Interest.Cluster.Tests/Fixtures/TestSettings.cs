namespace Interest.Cluster.Tests.Fixtures;

/// <summary>A small catalogue and model keep the cluster tests quick; the code paths are the production ones.</summary>
public static class TestSettings
{
    public const int ItemCount = 2000;

    public static Dictionary<string, string?> Base(string? kafkaBootstrap, string topicSuffix) => new()
    {
        ["Inference:ItemCount"] = ItemCount.ToString(),
        ["Inference:EmbeddingSize"] = "32",
        ["Inference:HiddenSize"] = "32",
        ["Inference:MaxBatchSize"] = "256",
        ["Inference:MaxBatchWaitMs"] = "5",
        ["Inference:Seed"] = "7",
        ["Kafka:BootstrapServers"] = kafkaBootstrap,
        // With no bootstrap servers the silo runs the embedded broker (outside the demo it must be asked to).
        ["Kafka:Embedded"] = "true",
        // Every process of these tests is on this machine: silos advertise loopback, not the host's network address.
        ["Silo:AdvertisedAddress"] = "127.0.0.1",
        ["Kafka:Topic"] = $"clickstream-{topicSuffix}",
        ["Kafka:DeadLetterTopic"] = $"clickstream-deadletter-{topicSuffix}",
        ["Kafka:ConsumerGroup"] = $"interest-silos-{topicSuffix}",
        // The production bound (250 ms) is about lookup latency; on a 2-core machine running the whole suite a Redis read
        // sometimes takes longer, and these tests are about what a lookup returns, not how fast.
        ["RecommendationStore:ReadTimeoutMs"] = "2000",
        ["Users:StoredTopK"] = "20",
        ["Users:InferenceShards"] = "4",
    };
}
