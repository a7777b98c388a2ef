using Interest.Benchmarks.Load;

namespace Interest.Benchmarks.Sections;

/// <summary>
/// Section 7: the silo's memory with N active user grains. Users <c>mem-0 …</c> each get one event through Kafka (so
/// each grain holds real state: h, c, u, one recent event, its recommendations, its applied offset); after every level
/// the silo runs a full compacting collection and reports its live managed heap and resident set. Per user is the
/// growth since the baseline (the silo with the load and probe users active) divided by the users added. With grain
/// state in Redis (production) the durable copy lives in redis-server, whose resident growth is reported beside.
/// </summary>
public static class MemorySection
{
    public static async Task<MemoryResult> RunAsync(PipelineSession session, BenchmarkSettings settings, int? redisProcessId, Action<string> log, CancellationToken cancellationToken)
    {
        long RedisResident() => redisProcessId is { } pid ? ResidentBytes(pid) : 0;
        var cluster = session.Cluster;
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var baseline = await cluster.Diagnostics.GetMemoryAsync(cancellationToken);
        int baselineActivations = await management.GetTotalActivationCount();
        long redisBaseline = RedisResident();
        log($"  baseline: {baselineActivations:N0} activations, managed heap {Mb(baseline.ManagedHeapBytes)}, RSS {Mb(baseline.WorkingSetBytes)}");

        int maxUsers = settings.MemoryUserCounts.Max();
        var users = new LoadStream("mem", maxUsers, settings.ItemCount, seed: 3);
        var levels = new List<MemoryLevel>();
        int previous = 0;
        foreach (int count in settings.MemoryUserCounts.Order())
        {
            var fill = await session.FillAsync(users.Take(count - previous), cancellationToken);
            previous = count;
            var reading = await cluster.Diagnostics.GetMemoryAsync(cancellationToken);
            int activations = await management.GetTotalActivationCount();
            double? redisPerUser = redisProcessId is null ? null : Math.Round((double)(RedisResident() - redisBaseline) / count);
            var level = new MemoryLevel(
                count,
                activations,
                reading.ManagedHeapBytes,
                reading.WorkingSetBytes,
                Math.Round((double)(reading.ManagedHeapBytes - baseline.ManagedHeapBytes) / count),
                Math.Round((double)(reading.WorkingSetBytes - baseline.WorkingSetBytes) / count),
                redisPerUser,
                Math.Round(fill.TotalSeconds, 1));
            levels.Add(level);
            log($"  {count,9:N0} users ({activations:N0} activations, filled in {fill.TotalSeconds:0.0} s): managed heap {Mb(reading.ManagedHeapBytes)} " +
                $"({level.ManagedBytesPerUser:N0} B/user), RSS {Mb(reading.WorkingSetBytes)} ({level.ResidentBytesPerUser:N0} B/user)" +
                (redisPerUser is { } r ? $"; redis-server RSS +{r:N0} B/user" : ""));
        }

        double? marginal = null;
        if (levels.Count >= 2)
        {
            var (lower, upper) = (levels[^2], levels[^1]);
            marginal = Math.Round((double)(upper.ManagedHeapBytes - lower.ManagedHeapBytes) / (upper.Users - lower.Users));
        }
        string state = redisProcessId is null ? "in the silo (ProcessMemoryGrainStorage, Orleans binary format)" : "in Redis (redis-server on this machine), as in production";
        return new MemoryResult(cluster.Shape, state, baselineActivations, baseline.ManagedHeapBytes, baseline.WorkingSetBytes, levels, marginal);
    }

    /// <summary>VmRSS of a process from /proc, in bytes; 0 where unavailable.</summary>
    private static long ResidentBytes(int pid)
    {
        string status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return 0;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static string Mb(long bytes) => $"{bytes / 1048576.0:N0} MiB";
}

/// <param name="ManagedBytesPerUser">Live managed heap growth since the baseline per user added.</param>
/// <param name="ResidentBytesPerUser">Resident set growth since the baseline per user added (includes the GC's free space and native growth, e.g. the broker's log).</param>
/// <param name="RedisResidentBytesPerUser">redis-server's resident growth per user added, when grain state is in Redis.</param>
public sealed record MemoryLevel(int Users, int Activations, long ManagedHeapBytes, long WorkingSetBytes, double ManagedBytesPerUser, double ResidentBytesPerUser, double? RedisResidentBytesPerUser, double FillSeconds);

/// <param name="MarginalManagedBytesPerUser">Managed heap growth per user between the two largest levels (fixed costs cancel out).</param>
/// <param name="GrainState">Where the grains' durable state lived.</param>
public sealed record MemoryResult(string Shape, string GrainState, int BaselineActivations, long BaselineManagedHeapBytes, long BaselineWorkingSetBytes, IReadOnlyList<MemoryLevel> Levels, double? MarginalManagedBytesPerUser);
