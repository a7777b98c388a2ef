using System.Diagnostics;
using Confluent.Kafka;
using Interest.Abstractions;
using Interest.Benchmarks.Measurement;
using Interest.Streaming;
using Interest.Streaming.Consuming;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Interest.Benchmarks.Sections;

/// <summary>
/// Section 5: how fast events can be read from the broker in use, with nothing behind the consumer. Reads the
/// clickstream topic the pipeline run has filled, from its log start, with fresh consumer groups in this process:
/// a raw Confluent consumer loop, and the silo's own <see cref="KafkaClickstreamConsumer"/> (decode, validate, store
/// offsets) with a sink that only counts. Timed from the first message to the last.
/// </summary>
public static class KafkaSection
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    /// <param name="catalogItemCount">The served catalogue, which the consumer validates item ids against as a silo's does.</param>
    public static async Task<KafkaResult> RunAsync(KafkaOptions kafka, int catalogItemCount, int wanted, Action<string> log, CancellationToken cancellationToken)
    {
        long available = AvailableMessages(kafka);
        int count = (int)Math.Min(wanted, available);
        if (count == 0) throw new InvalidOperationException("The clickstream topic is empty; the Kafka section runs after a pipeline has filled it.");

        double raw = Rates.PerSecond(count, ConsumeRaw(kafka, count, cancellationToken));
        log($"  raw consumer: {raw:N0} msgs/s over {count:N0} messages");
        double decoded = Rates.PerSecond(count, await ConsumeDecodedAsync(kafka, catalogItemCount, count, cancellationToken));
        log($"  KafkaClickstreamConsumer (decode, validate, store offsets; counting sink): {decoded:N0} events/s");
        return new KafkaResult(kafka.BootstrapServers!, count, Math.Round(raw), Math.Round(decoded));
    }

    private static long AvailableMessages(KafkaOptions kafka)
    {
        using var observer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "bench-watermarks" }).Build();
        long total = 0;
        for (int partition = 0; partition < kafka.Partitions; partition++)
        {
            var watermarks = observer.QueryWatermarkOffsets(new TopicPartition(kafka.Topic, partition), TimeSpan.FromSeconds(10));
            total += watermarks.High.Value - watermarks.Low.Value;
        }
        return total;
    }

    private static TimeSpan ConsumeRaw(KafkaOptions kafka, int count, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "bench-raw-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(kafka.Topic);
        var waiting = Stopwatch.StartNew();
        Stopwatch? clock = null;
        int read = 0;
        while (read < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is null)
            {
                if (waiting.Elapsed > GiveUpAfter) throw new TimeoutException($"The raw consumer read {read} of {count} messages.");
                continue;
            }
            clock ??= Stopwatch.StartNew();
            read++;
        }
        consumer.Close();
        return clock!.Elapsed;
    }

    private static async Task<TimeSpan> ConsumeDecodedAsync(KafkaOptions kafka, int catalogItemCount, int count, CancellationToken cancellationToken)
    {
        var options = ProcessClusterOptions(kafka);
        var sink = new CountingSink(count);
        using var consumer = new KafkaClickstreamConsumer(Options.Create(options), sink, new ServedCatalog(catalogItemCount), NullLogger<KafkaClickstreamConsumer>.Instance);
        await consumer.StartAsync(cancellationToken);
        var waiting = Stopwatch.StartNew();
        while (sink.Count < count)
        {
            if (waiting.Elapsed > GiveUpAfter) throw new TimeoutException($"The clickstream consumer delivered {sink.Count} of {count} events.");
            await Task.Delay(5, cancellationToken);
        }
        var elapsed = sink.Elapsed;
        await consumer.StopAsync(cancellationToken);
        return elapsed;
    }

    private static KafkaOptions ProcessClusterOptions(KafkaOptions kafka) => new()
    {
        BootstrapServers = kafka.BootstrapServers,
        Topic = kafka.Topic,
        DeadLetterTopic = kafka.DeadLetterTopic,
        ConsumerGroup = "bench-decode-" + Guid.NewGuid().ToString("N"),
        Partitions = kafka.Partitions,
    };

    /// <summary>Counts events; notes the time from the first delivery to the one that reaches the target.</summary>
    private sealed class CountingSink(long target) : IClickEventSink
    {
        private readonly Stopwatch _clock = new();
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public TimeSpan Elapsed { get; private set; }

        public Task<IReadOnlyList<RejectedEvent>> DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken)
        {
            if (!_clock.IsRunning) _clock.Start();
            long before = _count;
            _count += events.Count;
            if (before < target && _count >= target) Elapsed = _clock.Elapsed;
            return Task.FromResult<IReadOnlyList<RejectedEvent>>([]);
        }
    }
}

/// <param name="RawMessagesPerSecond">A bare consume loop: the broker's and librdkafka's delivery rate to one consumer.</param>
/// <param name="DecodedEventsPerSecond">The silo's consumer with decoding and validation: the most events per second ingestion can take from this broker.</param>
public sealed record KafkaResult(string Broker, int Messages, double RawMessagesPerSecond, double DecodedEventsPerSecond);
