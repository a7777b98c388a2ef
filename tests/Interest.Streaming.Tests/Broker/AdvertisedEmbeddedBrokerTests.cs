using Confluent.Kafka;
using Interest.Streaming.Broker;

namespace Interest.Streaming.Tests.Broker;

/// <summary>
/// With Kafka:EmbeddedAdvertisedAddress the broker is reached, and named in metadata, at that address. 127.0.0.2 is
/// a loopback address distinct from the one librdkafka's mock binds, so these clients can only have gone through the relay.
/// </summary>
public sealed class AdvertisedEmbeddedBrokerTests
{
    private const string Advertised = "127.0.0.2";

    [Fact]
    public void Metadata_names_the_advertised_address_and_clients_bootstrap_there()
    {
        using var work = new Interest.Testing.TemporaryDirectory("interest-advertised-broker-");
        using var broker = new EmbeddedKafkaBroker(new KafkaOptions { BootstrapFile = work.File("bootstrap"), Partitions = 2, EmbeddedAdvertisedAddress = Advertised });

        Assert.StartsWith($"{Advertised}:", broker.BootstrapServers);
        Assert.StartsWith("127.0.0.1:", broker.LoopbackBootstrapServers);
        Assert.Equal(broker.BootstrapServers, File.ReadAllText(work.File("bootstrap")).Trim());
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var brokerMetadata = Assert.Single(admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers);
        Assert.Equal(Advertised, brokerMetadata.Host);
        Assert.Equal(broker.BootstrapServers, $"{brokerMetadata.Host}:{brokerMetadata.Port}");
        Assert.True(EmbeddedKafkaBroker.IsRunningInProcess(broker.BootstrapServers));
    }

    [Fact]
    public async Task Messages_travel_through_the_relay_both_ways()
    {
        using var work = new Interest.Testing.TemporaryDirectory("interest-advertised-broker-");
        var options = new KafkaOptions { BootstrapFile = work.File("bootstrap"), Partitions = 1, EmbeddedAdvertisedAddress = Advertised };
        using var broker = new EmbeddedKafkaBroker(options);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();
        for (int i = 0; i < 50; i++)
        {
            await producer.ProduceAsync(options.Topic, new Message<string, string> { Key = $"k{i}", Value = new string('x', 1000 + i) });
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "relay-test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(options.Topic);
        var received = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < 50 && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is not null) received.Add(result.Message.Key);
        }
        consumer.Close();

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"k{i}"), received);
    }

    [Fact]
    public void An_advertised_address_that_is_not_an_IP_address_is_refused()
    {
        var options = new KafkaOptions { EmbeddedAdvertisedAddress = "kafka" };
        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("Kafka:EmbeddedAdvertisedAddress", error.Message);
    }
}
