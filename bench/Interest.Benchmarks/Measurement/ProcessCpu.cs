using System.Globalization;

namespace Interest.Benchmarks.Measurement;

/// <summary>
/// CPU time of processes and, for the silo, of its threads grouped by name (Linux /proc): which part of the system
/// the cores went to during a step. Thread names say what a thread does: <c>interest-infere</c> is the model's batcher
/// (libtorch's worker threads inherit the name), <c>rdk:mock</c> the embedded broker, <c>rdk:*</c> Kafka clients,
/// <c>.NET TP Worker</c> grains, Orleans and the consumer, <c>.NET Server GC</c> / <c>.NET BGC</c> the collector,
/// <c>.NET Tiered Com</c> the JIT.
/// </summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, fixed at 100 on Linux

    public static CpuSample Sample(IReadOnlyDictionary<string, int> processes, int? threadsOf)
    {
        var perProcess = processes.ToDictionary(p => p.Key, p => ProcessSeconds(p.Value));
        var perThreadGroup = threadsOf is { } pid ? ThreadGroupSeconds(pid) : new Dictionary<string, double>();
        return new CpuSample(DateTime.UtcNow, perProcess, perThreadGroup);
    }

    /// <summary>Cores used between two samples (CPU seconds per wall second), by process and by silo thread group.</summary>
    public static CpuUse Between(CpuSample start, CpuSample end)
    {
        double wall = Math.Max(1e-6, (end.At - start.At).TotalSeconds);
        static Dictionary<string, double> Delta(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b, double wall) =>
            b.Where(x => x.Value - a.GetValueOrDefault(x.Key) > 0.005 * wall)
             .OrderByDescending(x => x.Value - a.GetValueOrDefault(x.Key))
             .ToDictionary(x => x.Key, x => Math.Round((x.Value - a.GetValueOrDefault(x.Key)) / wall, 2));
        return new CpuUse(Delta(start.Processes, end.Processes, wall), Delta(start.SiloThreads, end.SiloThreads, wall));
    }

    private static double ProcessSeconds(int pid) => ParseTicks($"/proc/{pid}/stat") / TicksPerSecond;

    private static Dictionary<string, double> ThreadGroupSeconds(int pid)
    {
        var groups = new Dictionary<string, double>();
        string tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks)) return groups;
        foreach (string task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                string name = Group(File.ReadAllText(Path.Combine(task, "comm")).Trim());
                groups[name] = groups.GetValueOrDefault(name) + ParseTicks(Path.Combine(task, "stat")) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        return groups;
    }

    /// <summary>Numbered threads of one kind (rdk:broker1, rdk:broker2, ...) count as one group.</summary>
    private static string Group(string name) => name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');

    /// <summary>utime + stime from a stat line; the name field may contain spaces, so fields are counted after its ')'.</summary>
    private static double ParseTicks(string statPath)
    {
        if (!File.Exists(statPath)) return 0;
        string stat = File.ReadAllText(statPath);
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}

public sealed record CpuSample(DateTime At, IReadOnlyDictionary<string, double> Processes, IReadOnlyDictionary<string, double> SiloThreads);

/// <param name="Processes">Cores used per process (silo, web tier, benchmark).</param>
/// <param name="SiloThreads">Cores used per silo thread group, largest first; groups under half a percent are left out.</param>
public sealed record CpuUse(IReadOnlyDictionary<string, double> Processes, IReadOnlyDictionary<string, double> SiloThreads);
