using System.Diagnostics;

namespace Interest.Deploy.Tests;

/// <summary>
/// Runs a command-line tool the deployment is checked with (kubectl, docker-compose). A missing tool fails the test
/// with a message naming what installs it, rather than skipping it.
/// </summary>
public static class ExternalTool
{
    /// <summary>Where a tool's Debian package is named otherwise.</summary>
    private static readonly Dictionary<string, string> DebianPackages = new() { ["kubectl"] = "kubernetes-client" };

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(string tool, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        string package = DebianPackages.GetValueOrDefault(tool, tool);
        string path = Find(tool) ?? throw new InvalidOperationException(
            $"'{tool}' is not on PATH. The deployment tests need it: scripts/test.sh installs it, " +
            $"or install it yourself (apt-get install {package}).");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within 2 minutes.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
