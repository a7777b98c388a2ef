using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Interest.Benchmarks.Reporting;

namespace Interest.Benchmarks.Load;

/// <summary>
/// Runs <see cref="LookupLoad"/> in a process of its own (<c>Interest.Benchmarks lookups ...</c>), as a separate
/// client would be: the producer and probes in the benchmark process allocate and collect, and their pauses would
/// otherwise show up as lookup latency.
/// </summary>
public static class LookupProcess
{
    public const string Command = "lookups";

    public static async Task<LookupResult> RunAsync(Uri webAddress, string apiKey, string userPrefix, int users, double perSecond, TimeSpan duration, string logDirectory, CancellationToken cancellationToken)
    {
        string resultFile = Path.Combine(Path.GetTempPath(), $"interest-lookups-{Guid.NewGuid():N}.json");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            typeof(LookupProcess).Assembly.Location, Command, "--url", webAddress.ToString(), "--key", apiKey, "--user-prefix", userPrefix,
            "--users", Text(users), "--rate", Text(perSecond), "--seconds", Text(duration.TotalSeconds), "--result", resultFile,
        })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("The lookup process did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Directory.CreateDirectory(logDirectory);
        await File.WriteAllTextAsync(Path.Combine(logDirectory, "lookups.log"), await output + await errors, cancellationToken);
        if (process.ExitCode != 0 || !File.Exists(resultFile))
        {
            throw new InvalidOperationException($"The lookup process failed (exit {process.ExitCode}): {await errors}");
        }
        try
        {
            return JsonSerializer.Deserialize<LookupResult>(await File.ReadAllBytesAsync(resultFile, cancellationToken), ReportFiles.Json)
                ?? throw new InvalidOperationException("The lookup process wrote no result.");
        }
        finally
        {
            File.Delete(resultFile);
        }
    }

    /// <summary>The child's side: <c>lookups --url U --key K --user-prefix P --users N --rate R --seconds S --result F</c>.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        string Value(string name) => args[Array.IndexOf(args, name) + 1];
        string prefix = Value("--user-prefix");
        var load = new LookupLoad(new Uri(Value("--url")), Value("--key"), i => $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}",
            int.Parse(Value("--users"), CultureInfo.InvariantCulture));
        var result = await load.RunAsync(double.Parse(Value("--rate"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Value("--seconds"), CultureInfo.InvariantCulture)), CancellationToken.None);
        await File.WriteAllBytesAsync(Value("--result"), JsonSerializer.SerializeToUtf8Bytes(result, ReportFiles.Json));
        return 0;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
