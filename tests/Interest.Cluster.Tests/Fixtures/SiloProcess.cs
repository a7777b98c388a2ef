using System.Diagnostics;

namespace Interest.Cluster.Tests.Fixtures;

/// <summary>
/// A silo in its own OS process, started from the silo program's build output (or, when its settings name a fault
/// drill, from <see cref="DrillSiloProgram"/>), killable with SIGKILL.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Func<ProcessStartInfo> _startInfo;
    private readonly string _logPath;
    private Process? _process;

    public SiloProcess(string name, IReadOnlyDictionary<string, string?> settings, string logDirectory)
    {
        Name = name;
        string program = settings.Keys.Any(key => key.StartsWith("Drill:", StringComparison.Ordinal)) ? DrillSiloAssembly : SiloAssembly;
        var withParent = new Dictionary<string, string?>(settings);
        // A silo outlives a test host that crashes or is killed unless it watches for it.
        withParent.TryAdd("Silo:ParentProcessId", Environment.ProcessId.ToString());
        string[] arguments = withParent.Where(s => s.Value is not null).SelectMany(s => new[] { $"--{s.Key}", s.Value! }).ToArray();
        _startInfo = () =>
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(program)! };
            start.ArgumentList.Add(program);
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["DOTNET_gcServer"] = "0";
            return start;
        };
        _logPath = Path.Combine(logDirectory, $"{name}.log");
    }

    public string Name { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code once the process has exited; null while it runs or before it started.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    public string Log => File.Exists(_logPath) ? File.ReadAllText(_logPath) : "";

    /// <summary>True when the silo's Kafka consumer logged an assignment after its last revocation.</summary>
    public bool OwnsPartitions
    {
        get
        {
            string log = Log;
            int assigned = log.LastIndexOf("Partitions assigned:", StringComparison.Ordinal);
            int released = Math.Max(log.LastIndexOf("Partitions revoked:", StringComparison.Ordinal), log.LastIndexOf("Partitions lost:", StringComparison.Ordinal));
            return assigned > released;
        }
    }

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var (process, started) = LoggedProcess.Start(_startInfo(), Name, _logPath, "Application started");
        _process = process;
        await started.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed or committed.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait: the host's graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await term!.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    /// <summary>The silo program as built next to these tests (same configuration).</summary>
    public static string SiloAssembly { get; } = FindBuiltAssembly(Path.Combine("src", "Silo"), "Interest.Silo.dll");

    /// <summary>This test assembly, run as <see cref="DrillSiloProgram"/>.</summary>
    public static string DrillSiloAssembly { get; } = typeof(DrillSiloProgram).Assembly.Location;

    /// <summary>The program of <paramref name="projectDirectory"/> as built next to these tests (same configuration).</summary>
    public static string FindBuiltAssembly(string projectDirectory, string assembly)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        string configuration = testOutput.Parent!.Name; // .../bin/<Configuration>/net10.0/
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, projectDirectory, "bin", configuration, "net10.0", assembly);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{assembly} was not found under {projectDirectory}/bin; build the solution first.");
    }
}
