using Interest.Abstractions;
using Interest.Streaming.Producing;
using Interest.Streaming.Tests.Support;
using Interest.Testing;

namespace Interest.Streaming.Tests.Producing;

public class BacklogGuardTests(ITestOutputHelper output)
{
    private const int Limit = 300;
    private const int Partitions = 2;

    private static IEnumerable<ClickEvent> Events(int count) =>
        Enumerable.Range(0, count).Select(i => KafkaTestBed.Event($"user-{i % 37}", i));

    [Fact]
    public async Task Pacer_stops_at_the_backlog_limit_without_consumers_and_continues_once_offsets_are_committed()
    {
        await using var bed = new KafkaTestBed(output, Partitions, o => o.Client["auto.commit.interval.ms"] = "100");
        using var producer = bed.CreateProducer();
        using var pacer = new ClickstreamPacer(producer, new ClickstreamPacerOptions
        {
            MaxBacklogPerPartition = Limit,
            BacklogPollInterval = TimeSpan.FromMilliseconds(50),
            ProgressInterval = TimeSpan.FromMilliseconds(100),
        }, bed.Logs.CreateLogger<ClickstreamPacer>());
        var progress = new RecordingProgress<PacingProgress>();
        using var backlog = new ConsumerGroupBacklog(bed.Options, bed.Broker.BootstrapServers);
        long largestBacklogSeen = 0;
        using var stopSampling = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                largestBacklogSeen = Math.Max(largestBacklogSeen, backlog.Measure(TimeSpan.FromSeconds(5)).MaxBacklog);
                await Task.Delay(10);
            }
        });

        var run = pacer.RunAsync(Events(2000), progress);

        // Early waits end as in-flight messages are acknowledged; the stall holds once the limit itself is reached.
        long producedWhenStalled = -1;
        await Eventually.Until(
            () =>
            {
                bool waiting = progress.Reports.LastOrDefault().WaitingForConsumers;
                bool unchanged = producer.Produced == producedWhenStalled;
                producedWhenStalled = producer.Produced;
                if (!unchanged) Thread.Sleep(300);
                return waiting && unchanged;
            },
            TimeSpan.FromSeconds(10), () => $"pacer did not stall: {producer.Produced} produced");
        await Task.Delay(700);
        Assert.False(run.IsCompleted);
        Assert.Equal(producedWhenStalled, producer.Produced);
        var stalled = backlog.Measure(TimeSpan.FromSeconds(5));
        Assert.InRange(stalled.MaxBacklog, Limit * 0.8, Limit);
        Assert.InRange(producer.Produced, Limit * 0.8, Limit * Partitions);

        var sink = new RecordingSink();
        await using var consumer = await bed.StartConsumerAsync(sink);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));
        await Eventually.Until(() => sink.Count == 2000, TimeSpan.FromSeconds(30), () => $"sink has {sink.Count}");
        stopSampling.Cancel();
        await sampling;

        Assert.True(result.Completed);
        Assert.Equal(2000, result.Produced);
        Assert.InRange(largestBacklogSeen, 1, Limit);
        Assert.Contains(bed.Logs.Logs, l => l.Message.Contains("Pacer waiting for consumer group", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pacer_keeps_to_the_target_rate()
    {
        await using var bed = new KafkaTestBed(output, partitions: 1);
        using var producer = bed.CreateProducer();
        using var pacer = new ClickstreamPacer(producer, new ClickstreamPacerOptions { EventsPerSecond = 2000 });

        var result = await pacer.RunAsync(Events(3000));

        // Never faster than the target (one burst of rate/20 aside); slower only by scheduling hiccups.
        Assert.Equal(3000, result.Produced);
        Assert.InRange(result.Elapsed.TotalSeconds, 1.4, 4);
    }
}
