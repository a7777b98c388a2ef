using System.Collections.Concurrent;
using Interest.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interest.Inference.Tests;

public sealed class BatcherPriorityTests
{
    private const int BacklogNiceness = 7;

    [Fact]
    public async Task The_batcher_takes_the_backlog_nice_value_in_a_lasting_backlog_and_its_own_when_it_has_none()
    {
        if (!OperatingSystem.IsLinux()) return;
        var options = TestEngines.SmallOptions(maxBatchSize: 4, maxBatchWaitMs: 50);
        options.BacklogNiceness = BacklogNiceness;
        var logger = new WarningLogger();
        // Each batch holds the batcher long enough to be seen in /proc.
        await using var engine = new BatchedInferenceEngine(Options.Create(options), logger, meterFactory: null, afterEachBatch: () => Thread.Sleep(100));
        int processNiceness = ThreadNiceness("self");
        var random = new Random(5);

        // 50 batches of 100 ms: from idle, the priority rises after about 3 s without a wait (BatcherThreadPriority).
        var backlog = Enumerable.Range(0, 200).Select(_ => engine.InferAsync(Request(random, options))).ToArray();
        // Watched from a thread of its own: the pool's threads can be held up for longer than the backlog lasts.
        bool seenAtBacklogNiceness = false;
        var watcher = new Thread(() =>
        {
            while (!seenAtBacklogNiceness && !backlog.All(call => call.IsCompleted))
            {
                seenAtBacklogNiceness = engine.BatcherThreadId != 0 && ThreadNiceness($"self/task/{engine.BatcherThreadId}") == BacklogNiceness;
                Thread.Sleep(2);
            }
        });
        watcher.Start();
        await Task.WhenAll(backlog);
        watcher.Join();
        await Task.WhenAll(backlog);
        Assert.True(seenAtBacklogNiceness, "no batcher thread was seen at the backlog nice value while 200 requests queued for batches of 4 (50 batches of 100 ms)");
        Assert.Equal(4, engine.Statistics.LargestBatch);

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the batcher waits for requests: it has caught up
        await engine.InferAsync(Request(random, options));
        int afterBacklog = ThreadNiceness($"self/task/{engine.BatcherThreadId}");
        if (CanLowerNicenessTo(processNiceness))
        {
            Assert.Equal(processNiceness, afterBacklog);
            Assert.DoesNotContain(logger.Warnings, warning => warning.Contains("nice value", StringComparison.Ordinal));
        }
        else
        {
            // Going back to a lower nice value needs CAP_SYS_NICE: the engine says so once and keeps serving.
            Assert.Equal(BacklogNiceness, afterBacklog);
            Assert.Contains(logger.Warnings, warning => warning.Contains("CAP_SYS_NICE", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(-21)]
    [InlineData(20)]
    public void A_nice_value_outside_minus_20_to_19_is_rejected_at_start(int niceness)
    {
        var options = TestEngines.SmallOptions();
        options.BacklogNiceness = niceness;

        var failure = Assert.Throws<OptionsValidationException>(() => TestEngines.Create(options));

        Assert.Contains("Inference:BacklogNiceness must be a Linux nice value", failure.Message, StringComparison.Ordinal);
    }

    private static InferenceRequest Request(Random random, InferenceOptions options)
    {
        var (items, types) = TestData.RandomEvents(random, 3, options.ItemCount);
        return new InferenceRequest([], [], [], items, types, [], 5);
    }

    // CAP_SYS_NICE (capability 23) in the effective set, or an RLIMIT_NICE that reaches the value (nice = 20 - limit).
    private static bool CanLowerNicenessTo(int niceness)
    {
        string[] status = File.ReadAllLines("/proc/self/status");
        ulong effective = Convert.ToUInt64(status.Single(line => line.StartsWith("CapEff:", StringComparison.Ordinal))[7..].Trim(), 16);
        if ((effective & (1UL << 23)) != 0) return true;
        string limit = File.ReadAllLines("/proc/self/limits").Single(line => line.StartsWith("Max nice priority", StringComparison.Ordinal));
        string soft = limit["Max nice priority".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return soft != "unlimited" && 20 - int.Parse(soft, System.Globalization.CultureInfo.InvariantCulture) <= niceness;
    }

    // Field 19 of /proc/<pid>/stat; the fields after the parenthesised command name start at field 3.
    private static int ThreadNiceness(string procPath)
    {
        string stat = File.ReadAllText($"/proc/{procPath}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class WarningLogger : ILogger<BatchedInferenceEngine>
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning) Warnings.Enqueue(formatter(state, exception));
        }
    }
}
