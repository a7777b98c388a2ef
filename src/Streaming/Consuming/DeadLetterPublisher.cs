using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming.Consuming;

/// <summary>Writes dead letters: original key, original value cut to Kafka:MaxMessageBytes, and <see cref="DeadLetterHeaders"/>.</summary>
internal sealed class DeadLetterPublisher : IDisposable
{
    private const int HeaderAllowanceBytes = 64 * 1024;

    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly string _topic;
    private readonly int _maxValueBytes;

    public DeadLetterPublisher(KafkaOptions options, string bootstrapServers, ILogger logger)
    {
        _topic = options.DeadLetterTopic;
        _maxValueBytes = options.MaxMessageBytes;
        var config = KafkaClientConfigs.Producer(options, bootstrapServers, KafkaClientConfigs.ClientId("deadletter"));
        config.MessageMaxBytes = Math.Max(config.MessageMaxBytes ?? 1_000_000, _maxValueBytes + HeaderAllowanceBytes);
        _producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, message) => StreamingLog.ClientLog(logger, message.Facility, message.Message))
            .Build();
    }

    /// <summary>Publishes those not yet published; on failure the successful ones stay marked, so a retry does not duplicate them.</summary>
    public Task PublishAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        var pending = new List<Task>(deadLetters.Count);
        foreach (var deadLetter in deadLetters)
        {
            if (!deadLetter.Published) pending.Add(PublishOneAsync(deadLetter, cancellationToken));
        }
        return Task.WhenAll(pending);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }

    private async Task PublishOneAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        await _producer.ProduceAsync(_topic, Build(deadLetter), cancellationToken).ConfigureAwait(false);
        deadLetter.Published = true;
    }

    private Message<byte[]?, byte[]> Build(DeadLetter deadLetter)
    {
        var source = deadLetter.Source;
        byte[] value = source.Message.Value ?? [];
        var headers = new Headers
        {
            { DeadLetterHeaders.Reason, Utf8(deadLetter.Reason) },
            { DeadLetterHeaders.Message, Utf8(deadLetter.Detail) },
            { DeadLetterHeaders.SourceTopic, Utf8(source.Topic) },
            { DeadLetterHeaders.SourcePartition, Utf8(source.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { DeadLetterHeaders.SourceOffset, Utf8(source.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
            { DeadLetterHeaders.SourceTimestamp, Utf8(source.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture)) },
        };
        if (value.Length > _maxValueBytes)
        {
            headers.Add(DeadLetterHeaders.Truncated, Utf8("true"));
            headers.Add(DeadLetterHeaders.OriginalSize, Utf8(value.Length.ToString(CultureInfo.InvariantCulture)));
            value = value[.._maxValueBytes];
        }
        return new Message<byte[]?, byte[]> { Key = source.Message.Key, Value = value, Headers = headers };
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
