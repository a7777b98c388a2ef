using Confluent.Kafka;
using Interest.Streaming.Broker;
using Interest.Streaming.Tests.Support;

namespace Interest.Streaming.Tests.Broker;

public class EmbeddedKafkaBrokerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Starts_with_both_topics_at_the_configured_partition_count()
    {
        await using var bed = new KafkaTestBed(output, partitions: 16);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bed.Broker.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(5));

        Assert.Equal(16, metadata.Topics.Single(t => t.Topic == bed.Options.Topic).Partitions.Count);
        Assert.Equal(16, metadata.Topics.Single(t => t.Topic == bed.Options.DeadLetterTopic).Partitions.Count);
        Assert.Single(metadata.Brokers);
    }

    [Fact]
    public async Task Create_topic_makes_exactly_the_requested_partitions()
    {
        await using var bed = new KafkaTestBed(output, partitions: 2);
        bed.Broker.CreateTopic("thirty-two", 32);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bed.Broker.BootstrapServers }).Build();

        var topic = admin.GetMetadata("thirty-two", TimeSpan.FromSeconds(5)).Topics.Single();

        Assert.Equal(32, topic.Partitions.Count);
        Assert.Throws<InvalidOperationException>(() => bed.Broker.CreateTopic("thirty-two", 32));
    }

    [Fact]
    public async Task Bootstrap_file_is_written_at_start_and_removed_at_dispose()
    {
        string file = Path.Combine(Path.GetTempPath(), "interest-streaming-tests", Guid.NewGuid().ToString("N"), "nested", "kafka-bootstrap");
        var options = new KafkaOptions { BootstrapFile = file, Partitions = 1 };
        var broker = new EmbeddedKafkaBroker(options);
        try
        {
            Assert.True(File.Exists(file));
            Assert.Equal(broker.BootstrapServers, File.ReadAllText(file).Trim());
            Assert.Equal(Path.GetFullPath(file), broker.BootstrapFile);
            Assert.True(await KafkaBootstrap.IsAcceptingConnectionsAsync(broker.BootstrapServers));
        }
        finally
        {
            broker.Dispose();
        }

        Assert.False(File.Exists(file));
        Assert.False(await KafkaBootstrap.IsAcceptingConnectionsAsync(broker.BootstrapServers));
    }

    [Fact]
    public async Task Dispose_leaves_a_file_that_another_broker_has_since_taken_over()
    {
        string file = Path.Combine(Path.GetTempPath(), "interest-streaming-tests", Guid.NewGuid().ToString("N"), "kafka-bootstrap");
        var first = new EmbeddedKafkaBroker(new KafkaOptions { BootstrapFile = file, Partitions = 1 });
        using var second = new EmbeddedKafkaBroker(new KafkaOptions { BootstrapFile = file, Partitions = 1 });

        first.Dispose();

        Assert.Equal(second.BootstrapServers, File.ReadAllText(file).Trim());
        Assert.Equal(second.BootstrapServers, await KafkaBootstrap.ResolveAsync(new KafkaOptions { BootstrapFile = file }, TimeSpan.FromSeconds(2)));
    }
}
