using System.Diagnostics;
using System.Globalization;
using System.Text;
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

    /// <summary>The line the child writes when its warm-up ends and its measured window begins.</summary>
    private const string MeasuringLine = "measuring";

    /// <param name="measuring">Called when the child's warm-up ends and its measured window begins.</param>
    public static async Task<LookupResult> RunAsync(Uri webAddress, string apiKey, string userPrefix, int users, double perSecond, TimeSpan warmUp, TimeSpan duration, Action measuring, string logDirectory, CancellationToken cancellationToken)
    {
        string resultFile = Path.Combine(Path.GetTempPath(), $"interest-lookups-{Guid.NewGuid():N}.json");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            typeof(LookupProcess).Assembly.Location, Command, "--url", webAddress.ToString(), "--key", apiKey, "--user-prefix", userPrefix,
            "--users", Text(users), "--rate", Text(perSecond), "--warm-up", Text(warmUp.TotalSeconds), "--seconds", Text(duration.TotalSeconds), "--result", resultFile,
        })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("The lookup process did not start.");
        var output = ReadOutputAsync(process.StandardOutput, measuring, cancellationToken);
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

    /// <summary>The child's side: <c>lookups --url U --key K --user-prefix P --users N --rate R --warm-up W --seconds S --result F</c>.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        string Value(string name) => args[Array.IndexOf(args, name) + 1];
        string prefix = Value("--user-prefix");
        var load = new LookupLoad(new Uri(Value("--url")), Value("--key"), i => $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}",
            int.Parse(Value("--users"), CultureInfo.InvariantCulture));
        var result = await load.RunAsync(double.Parse(Value("--rate"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Value("--warm-up"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Value("--seconds"), CultureInfo.InvariantCulture)), () => Console.WriteLine(MeasuringLine), CancellationToken.None);
        await File.WriteAllBytesAsync(Value("--result"), JsonSerializer.SerializeToUtf8Bytes(result, ReportFiles.Json));
        return 0;
    }

    private static async Task<string> ReadOutputAsync(StreamReader output, Action measuring, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        while (await output.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == MeasuringLine) measuring();
            text.AppendLine(line);
        }
        return text.ToString();
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
