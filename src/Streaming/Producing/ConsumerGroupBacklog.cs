using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace Interest.Streaming.Producing;

/// <summary>
/// Reads the clickstream topic's watermarks and the consumer group's committed offsets through a consumer handle
/// that has the group's id but never subscribes, so it does not join the group. (The admin API's
/// ListConsumerGroupOffsets returns nothing against the embedded broker; Committed() works on both.)
/// </summary>
public sealed class ConsumerGroupBacklog : IDisposable
{
    private readonly IConsumer<Ignore, Ignore> _observer;
    private readonly IAdminClient _metadata;
    private readonly string _topic;
    private List<TopicPartition>? _partitions;

    public ConsumerGroupBacklog(KafkaOptions options, string bootstrapServers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _topic = options.Topic;
        _observer = new ConsumerBuilder<Ignore, Ignore>(
                KafkaClientConfigs.GroupObserver(options, bootstrapServers, KafkaClientConfigs.ClientId("backlog")))
            .SetLogHandler((_, _) => { })
            .Build();
        _metadata = new DependentAdminClientBuilder(_observer.Handle).Build();
    }

    /// <exception cref="KafkaException">The broker did not answer within <paramref name="timeout"/>.</exception>
    public BacklogSnapshot Measure(TimeSpan timeout)
    {
        var partitions = _partitions ??= LoadPartitions(timeout);
        var committed = _observer.Committed(partitions, timeout).ToDictionary(c => c.Partition.Value, c => c.Offset);
        var result = new List<PartitionBacklog>(partitions.Count);
        foreach (var partition in partitions)
        {
            var watermarks = _observer.QueryWatermarkOffsets(partition, timeout);
            long? committedOffset = committed.TryGetValue(partition.Partition.Value, out var offset) && offset.Value >= 0 ? offset.Value : null;
            result.Add(new PartitionBacklog(partition.Partition.Value, watermarks.Low.Value, watermarks.High.Value, committedOffset));
        }
        return new BacklogSnapshot(result);
    }

    public void Dispose()
    {
        _metadata.Dispose();
        _observer.Dispose();
    }

    private List<TopicPartition> LoadPartitions(TimeSpan timeout)
    {
        var topic = _metadata.GetMetadata(_topic, timeout).Topics.SingleOrDefault(t => t.Topic == _topic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new KafkaException(topic?.Error ?? new Error(ErrorCode.UnknownTopicOrPart, $"topic {_topic} not found"));
        }
        return topic.Partitions.Select(p => new TopicPartition(_topic, p.PartitionId)).OrderBy(p => p.Partition.Value).ToList();
    }
}
