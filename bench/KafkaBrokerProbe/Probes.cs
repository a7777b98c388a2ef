using System.Diagnostics;
using Confluent.Kafka;
using Interest.Abstractions;
using Interest.Streaming;
using Interest.Streaming.Broker;
using Interest.Streaming.Codec;
using Interest.Streaming.Consuming;
using Interest.Streaming.Generation;
using Interest.Streaming.Producing;

namespace KafkaBrokerProbe;

internal static class Probes
{
    private const int Partitions = 16;

    public static async Task RunAllAsync(int eventCount)
    {
        Console.WriteLine("| Measurement | Result |");
        Console.WriteLine("|---|---|");
        using (var broker = StartBroker(Partitions, out var options))
        {
            var clickEvents = new SyntheticClickstream(new SyntheticClickstreamOptions { Seed = 1, UserCount = 10_000 }).Generate(eventCount).ToList();
            Row($"ClickstreamProducer.Produce, {Partitions} partitions, ~{ClickEventJson.Serialize(clickEvents[0]).Length} B events (to acknowledged)",
                PerSecond(eventCount, ProduceAll(options, broker, clickEvents)));
            Row("Single raw consumer (IConsumer.Consume loop, after assignment)", PerSecond(eventCount, ConsumeRaw(broker, options.Topic, eventCount)));
            Row("KafkaClickstreamConsumer, decode + counting sink (after first event)",
                PerSecond(eventCount, await ConsumeThroughClickstreamConsumerAsync(options, eventCount)));
        }
        using (var broker = StartBroker(Partitions, out var options))
        {
            var clickEvents = new SyntheticClickstream(new SyntheticClickstreamOptions { Seed = 2, UserCount = 10_000 }).Generate(eventCount).ToList();
            var (elapsed, maxBacklog) = await PacedReplayAsync(options, clickEvents);
            Row($"Pacer (no rate limit, backlog ≤ 20,000/partition) with the consumer running, end to end; largest backlog seen {maxBacklog:N0}",
                PerSecond(eventCount, elapsed));
        }
        using (var broker = StartBroker(1, out var options))
        {
            var (kept, produced) = MeasureClickEventRetention(broker, options);
            Row("Messages kept by one partition: click events as ClickstreamProducer sends them", $"{kept:N0} of {produced:N0} (log start moved to {produced - kept:N0})");
        }
        foreach (var (label, valueBytes, config) in RetentionCases())
        {
            using var broker = StartBroker(1, out var options);
            var (kept, produced) = MeasureRetention(broker, options.Topic, valueBytes, config);
            Row($"Messages kept by one partition: {label}", $"{kept:N0} of {produced:N0} (log start moved to {produced - kept:N0})");
        }
    }

    private static EmbeddedKafkaBroker StartBroker(int partitions, out KafkaOptions options)
    {
        options = new KafkaOptions
        {
            Partitions = partitions,
            BootstrapFile = Path.Combine(Path.GetTempPath(), "interest-probe", Guid.NewGuid().ToString("N"), "kafka-bootstrap"),
            ConsumerGroup = "probe",
        };
        return new EmbeddedKafkaBroker(options);
    }

    private static TimeSpan ProduceAll(KafkaOptions options, EmbeddedKafkaBroker broker, List<ClickEvent> events)
    {
        using var producer = new ClickstreamProducer(options, broker.BootstrapServers);
        var clock = Stopwatch.StartNew();
        foreach (var clickEvent in events) producer.Produce(clickEvent);
        producer.Flush(CancellationToken.None);
        clock.Stop();
        if (producer.DeliveryErrors > 0) throw new InvalidOperationException($"{producer.DeliveryErrors} delivery errors");
        return clock.Elapsed;
    }

    private static TimeSpan ConsumeRaw(EmbeddedKafkaBroker broker, string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "raw-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        Stopwatch? clock = null;
        int count = 0;
        while (count < expected)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is null) continue;
            clock ??= Stopwatch.StartNew();
            count++;
        }
        consumer.Close();
        return clock!.Elapsed;
    }

    private static async Task<TimeSpan> ConsumeThroughClickstreamConsumerAsync(KafkaOptions options, int expected)
    {
        var sink = new CountingSink();
        using var consumer = new KafkaClickstreamConsumer(
            Microsoft.Extensions.Options.Options.Create(options), sink, new ServedCatalog(SyntheticClickstreamOptions.DefaultCatalogItemCount),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<KafkaClickstreamConsumer>.Instance);
        await consumer.StartAsync(CancellationToken.None);
        while (sink.Count < expected) await Task.Delay(5);
        var elapsed = sink.SinceFirst;
        await consumer.StopAsync(CancellationToken.None);
        return elapsed;
    }

    private static async Task<(TimeSpan Elapsed, long MaxBacklog)> PacedReplayAsync(KafkaOptions options, List<ClickEvent> events)
    {
        var sink = new CountingSink();
        using var consumer = new KafkaClickstreamConsumer(
            Microsoft.Extensions.Options.Options.Create(options), sink, new ServedCatalog(SyntheticClickstreamOptions.DefaultCatalogItemCount),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<KafkaClickstreamConsumer>.Instance);
        await consumer.StartAsync(CancellationToken.None);
        using var producer = new ClickstreamProducer(options, File.ReadAllText(options.BootstrapFile).Trim());
        using var pacer = new ClickstreamPacer(producer);
        long maxBacklog = 0;
        var clock = Stopwatch.StartNew();
        await pacer.RunAsync(events, new SynchronousProgress(p => maxBacklog = Math.Max(maxBacklog, p.MaxBacklog)));
        while (sink.Count < events.Count) await Task.Delay(5);
        clock.Stop();
        await consumer.StopAsync(CancellationToken.None);
        return (clock.Elapsed, maxBacklog);
    }

    private static IEnumerable<(string Label, int ValueBytes, Action<ProducerConfig> Configure)> RetentionCases()
    {
        yield return ("~100 B messages, default batching", 100, _ => { });
        yield return ("~1 KB messages, default batching", 1024, _ => { });
        yield return ("10 B messages, one message per message set", 10, c => { c.BatchNumMessages = 1; c.LingerMs = 0; });
    }

    /// <summary>Produces well past the limit into a one-partition topic and reads how many the partition still holds.</summary>
    private static (long Kept, long Produced) MeasureRetention(EmbeddedKafkaBroker broker, string topic, int valueBytes, Action<ProducerConfig> configure)
    {
        int produced = valueBytes >= 1000 ? 15_000 : 150_000;
        var config = new ProducerConfig { BootstrapServers = broker.BootstrapServers, LingerMs = 5, EnableIdempotence = true, Acks = Acks.All };
        configure(config);
        using (var producer = new ProducerBuilder<string, byte[]>(config).Build())
        {
            var value = new byte[valueBytes];
            for (int i = 0; i < produced; i++)
            {
                while (true)
                {
                    try
                    {
                        producer.Produce(topic, new Message<string, byte[]> { Key = "k", Value = value });
                        break;
                    }
                    catch (ProduceException<string, byte[]> e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(5));
                    }
                }
            }
            producer.Flush(CancellationToken.None);
        }
        var (low, high) = Watermarks(broker, topic);
        return (high - low, high);
    }

    private static (long Kept, long Produced) MeasureClickEventRetention(EmbeddedKafkaBroker broker, KafkaOptions options)
    {
        const int Produced = 150_000;
        var events = new SyntheticClickstream(new SyntheticClickstreamOptions { Seed = 3, UserCount = 10_000 }).Generate(Produced);
        ProduceAll(options, broker, events.ToList());
        var (low, high) = Watermarks(broker, options.Topic);
        return (high - low, high);
    }

    private static (long Low, long High) Watermarks(EmbeddedKafkaBroker broker, string topic)
    {
        using var observer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "watermarks" }).Build();
        var watermarks = observer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
        return (watermarks.Low.Value, watermarks.High.Value);
    }

    private static string PerSecond(int count, TimeSpan elapsed) =>
        $"{count / elapsed.TotalSeconds:N0} msgs/s ({count:N0} in {elapsed.TotalSeconds:0.00} s)";

    private static void Row(string measurement, string result) => Console.WriteLine($"| {measurement} | {result} |");

    private sealed class CountingSink : IClickEventSink
    {
        private long _count;
        private Stopwatch? _sinceFirst;

        public long Count => Interlocked.Read(ref _count);

        public TimeSpan SinceFirst => _sinceFirst?.Elapsed ?? TimeSpan.Zero;

        public Task<IReadOnlyList<RejectedEvent>> DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken)
        {
            _sinceFirst ??= Stopwatch.StartNew();
            Interlocked.Add(ref _count, events.Count);
            return Task.FromResult<IReadOnlyList<RejectedEvent>>([]);
        }
    }

    private sealed class SynchronousProgress(Action<PacingProgress> report) : IProgress<PacingProgress>
    {
        public void Report(PacingProgress value) => report(value);
    }
}
