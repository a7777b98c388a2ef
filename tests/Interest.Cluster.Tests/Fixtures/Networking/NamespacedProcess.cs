using System.Diagnostics;

namespace Interest.Cluster.Tests.Fixtures.Networking;

/// <summary>
/// A program run inside one host of a <see cref="VirtualNetwork"/> with exactly the environment it is given, its
/// output in a log file; started when a line of its output says so.
/// </summary>
public sealed class NamespacedProcess : IAsyncDisposable
{
    private readonly VirtualHost _host;
    private readonly string _program;
    private readonly string[] _arguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _logPath;
    private Process? _process;

    public NamespacedProcess(string name, VirtualHost host, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        _host = host;
        _program = program;
        _arguments = arguments.ToArray();
        _environment = environment;
        _logPath = Path.Combine(logDirectory, $"{name}.log");
    }

    public string Name { get; }

    public VirtualHost Host => _host;

    public IReadOnlyDictionary<string, string> Environment => _environment;

    public bool IsRunning => _process is { HasExited: false };

    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    public string Log => File.Exists(_logPath) ? File.ReadAllText(_logPath) : "";

    public string LogPath => _logPath;

    public async Task StartAsync(string readyLine, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = VirtualNetwork.StartInfo(_host, _program, _arguments, _environment);
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        var (process, started) = LoggedProcess.Start(start, Name, _logPath, readyLine);
        _process = process;
        try
        {
            await started.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not log '{readyLine}' within {timeout}; log {_logPath}:\n{Tail()}");
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is null) return;
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public string Tail(int lines = 40) => string.Join('\n', Log.Split('\n').TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            // `ip netns exec` execs the program, so the process is the program itself.
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
