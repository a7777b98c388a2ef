using System.Runtime.InteropServices;
using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Reporting;

namespace Interest.Benchmarks;

internal static class RunEnvironmentProbe
{
    public static RunEnvironment Describe(BenchmarkSettings settings, string device, string? broker, string? shape, string? otherLoad)
    {
        var layout = new ClusterLayout(settings, PipelineMode.Batched);
        ProcessCluster.TryDelete(layout.WorkDirectory);
        var siloSettings = layout.SiloSettings
            .Where(s => s.Key.StartsWith("Inference:", StringComparison.Ordinal) || s.Key.StartsWith("Users:", StringComparison.Ordinal)
                || s.Key.StartsWith("Kafka:", StringComparison.Ordinal) && s.Key != "Kafka:BootstrapFile" || s.Key is "Silo:Consumers" or "Silo:DirectoryCacheSize")
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(s => s.Key, s => s.Value);
        return new RunEnvironment(
            Environment.MachineName,
            Environment.ProcessorCount,
            CpuModel(),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            device,
            broker is null ? null : $"embedded librdkafka mock cluster (librdkafka {Confluent.Kafka.Library.VersionString}) inside the silo process, at {broker}",
            shape,
            !settings.SeparateProcesses,
            siloSettings.Concat(settings.SiloEnvironment.Select(e => KeyValuePair.Create("env " + e.Key, e.Value)))
                .Concat(settings.WebEnvironment.Select(e => KeyValuePair.Create("web tier env " + e.Key, e.Value))).ToDictionary(),
            otherLoad);
    }

    /// <summary>Other processes that would compete for the CPU (e.g. a training run), with the load average; null when none.</summary>
    public static string? OtherBusyProcesses()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var busy = new List<string>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid) || pid == Environment.ProcessId) continue;
            try
            {
                string commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("Interest.Training", StringComparison.Ordinal) || commandLine.Contains("testhost", StringComparison.Ordinal))
                {
                    busy.Add($"pid {pid}: {commandLine[..Math.Min(100, commandLine.Length)].Trim()}");
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }
        if (busy.Count == 0) return null;
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        return $"{string.Join("; ", busy)} (load average {load})";
    }

    private static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo")) return RuntimeInformation.ProcessArchitecture.ToString();
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

}
