using System.Text;
using Confluent.Kafka;
using Interest.Streaming;
using Interest.Streaming.Consuming;

namespace Interest.Cluster.Tests.Fixtures;

/// <summary>Reads a test's own messages back from the dead-letter topic, which the tests of a cluster share.</summary>
public static class DeadLetterReader
{
    public sealed record DeadLetter(string? Key, byte[] Value, string Reason);

    /// <summary>
    /// The dead letters whose key <paramref name="wanted"/> accepts, in the order they were written, once
    /// <paramref name="expected"/> are found or a minute has passed.
    /// </summary>
    public static List<DeadLetter> Read(KafkaOptions kafka, Func<string?, bool> wanted, int expected)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = $"dead-letter-reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();
        consumer.Subscribe(kafka.DeadLetterTopic);
        var found = new List<DeadLetter>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (found.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result?.Message is null || !wanted(result.Message.Key)) continue;
            string reason = Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason));
            found.Add(new DeadLetter(result.Message.Key, result.Message.Value, reason));
        }
        consumer.Close();
        return found;
    }
}
