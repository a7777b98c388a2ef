using Interest.Abstractions;
using Interest.Streaming.Consuming;
using Interest.Streaming.Producing;
using Interest.Streaming.Tests.Support;
using Interest.Testing;

namespace Interest.Streaming.Tests.Consuming;

/// <summary>With Kafka:MaxBatchesInFlight = 2 the next poll batch is delivered while the previous one is still in the sink, user by user in order.</summary>
public class BatchesInFlightTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Other_users_pass_a_batch_stuck_in_the_sink_while_its_users_wait_and_offsets_wait_in_order()
    {
        await using var stuck = await StuckBatch.StartAsync(output, maxBatchesInFlight: 2, maxPollBatch: 1000);
        var (producer, sink, consumer) = (stuck.Producer, stuck.Sink, stuck.Consumer);

        producer.Produce(KafkaTestBed.Event("slow", 2));
        producer.Produce(KafkaTestBed.Event("b", 3));
        Assert.True(producer.Flush(TimeSpan.FromSeconds(10)));
        // "b" is in a second batch: it passes the first, which is stuck on "slow"; "slow"'s next event waits for it.
        await Eventually.Until(() => sink.Delivered.Contains("b-3"), TimeSpan.FromSeconds(30), () => $"sink has {string.Join(",", sink.Delivered)}");
        await Task.Delay(300);
        Assert.DoesNotContain("slow-2", sink.Delivered);
        Assert.Equal(0, consumer.Statistics.Delivered);

        sink.Release();
        await Eventually.Until(() => consumer.Statistics.Delivered == 3, TimeSpan.FromSeconds(30), () => $"delivered {consumer.Statistics.Delivered}");
        var delivered = sink.Delivered;
        Assert.True(delivered.IndexOf("slow-0") < delivered.IndexOf("slow-2"), string.Join(",", delivered));
        Assert.True(delivered.IndexOf("b-3") < delivered.IndexOf("slow-0"), string.Join(",", delivered));
        Assert.Equal(3, delivered.Count);
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 1)] // a full poll batch is delivered alone
    public async Task With_one_batch_in_flight_or_a_full_one_nothing_passes_a_batch_stuck_in_the_sink(int maxBatchesInFlight, int maxPollBatch)
    {
        await using var stuck = await StuckBatch.StartAsync(output, maxBatchesInFlight, maxPollBatch);
        var (producer, sink, consumer) = (stuck.Producer, stuck.Sink, stuck.Consumer);

        producer.Produce(KafkaTestBed.Event("b", 1));
        Assert.True(producer.Flush(TimeSpan.FromSeconds(10)));
        await Task.Delay(1000);
        Assert.DoesNotContain("b-1", sink.Delivered);

        sink.Release();
        await Eventually.Until(() => consumer.Statistics.Delivered == 2, TimeSpan.FromSeconds(30), () => $"delivered {consumer.Statistics.Delivered}");
        Assert.Equal(["slow-0", "b-1"], sink.Delivered);
    }

    /// <summary>A consumer on one partition whose first batch, a single event of user "slow", is stuck in the sink.</summary>
    private sealed class StuckBatch : IAsyncDisposable
    {
        private readonly KafkaTestBed _bed;

        private StuckBatch(KafkaTestBed bed, ClickstreamProducer producer, GatedSink sink, RunningConsumer consumer)
        {
            _bed = bed;
            (Producer, Sink, Consumer) = (producer, sink, consumer);
        }

        public ClickstreamProducer Producer { get; }

        public GatedSink Sink { get; }

        public RunningConsumer Consumer { get; }

        public static async Task<StuckBatch> StartAsync(ITestOutputHelper output, int maxBatchesInFlight, int maxPollBatch)
        {
            var bed = new KafkaTestBed(output, partitions: 1, options =>
            {
                options.MaxBatchesInFlight = maxBatchesInFlight;
                options.MaxPollBatch = maxPollBatch;
            });
            var producer = bed.CreateProducer();
            var sink = new GatedSink(blockedUser: "slow");
            var stuck = new StuckBatch(bed, producer, sink, await bed.StartConsumerAsync(sink));
            producer.Produce(KafkaTestBed.Event("slow", 0));
            Assert.True(producer.Flush(TimeSpan.FromSeconds(10)));
            await Eventually.Until(() => sink.Blocked, TimeSpan.FromSeconds(30), () => "the first batch to reach the sink");
            return stuck;
        }

        public async ValueTask DisposeAsync()
        {
            await Consumer.DisposeAsync();
            Producer.Dispose();
            await _bed.DisposeAsync();
        }
    }

    /// <summary>Holds any call that carries the blocked user until released; records the event ids it completed, in order.</summary>
    private sealed class GatedSink(string blockedUser) : IClickEventSink
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private readonly List<string> _delivered = [];
        private int _blocked;

        public bool Blocked => Volatile.Read(ref _blocked) > 0;

        public List<string> Delivered
        {
            get { lock (_lock) return [.. _delivered]; }
        }

        public void Release() => _released.TrySetResult();

        public async Task<IReadOnlyList<RejectedEvent>> DeliverAsync(IReadOnlyList<DeliveredEvent> events, CancellationToken cancellationToken)
        {
            if (events.Any(e => e.Event.UserId == blockedUser) && !_released.Task.IsCompleted)
            {
                Interlocked.Increment(ref _blocked);
                await _released.Task.WaitAsync(cancellationToken);
            }
            lock (_lock) _delivered.AddRange(events.Select(e => e.Event.EventId));
            return [];
        }
    }
}
