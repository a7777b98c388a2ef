using System.Diagnostics;
using StackExchange.Redis;

namespace Interest.Testing;

/// <summary>A real redis-server on a free loopback port, started for the tests and stopped after.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private readonly string? _password;

    private RedisServer(Process process, int port, string directory, string? password)
    {
        _process = process;
        Port = port;
        _directory = directory;
        _password = password;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false" + (_password is null ? "" : $",password={_password}");

    public static async Task<RedisServer> StartAsync(int? port = null, string? directory = null, string? password = null)
    {
        string executable = FindExecutable()
            ?? throw new InvalidOperationException("redis-server is not on PATH: run scripts/test.sh (it installs it) or apt-get install -y redis-server.");
        int chosenPort = port ?? FreePort.Next();
        string dir = directory ?? Directory.CreateTempSubdirectory("interest-redis-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", chosenPort.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(password);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, chosenPort, dir, password);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Stops this server and starts a new one on the same port over the same data directory.</summary>
    public async Task<RedisServer> RestartAsync()
    {
        await StopAsync();
        return await StartAsync(Port, _directory, _password);
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=500" + (_password is null ? "" : $",password={_password}"));
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
}
