using System.Text.Json;
using System.Text.Json.Serialization;
using Interest.Benchmarks.Charts;

namespace Interest.Benchmarks.Reporting;

/// <summary>Writes results.json, results.md and the charts into the output folder.</summary>
public static class ReportFiles
{
    public const string JsonFile = "results.json";
    public const string MarkdownFile = "results.md";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static IReadOnlyList<string> Write(BenchmarkReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Save(string name, byte[] bytes)
        {
            string path = Path.Combine(directory, name);
            File.WriteAllBytes(path, bytes);
            written.Add(path);
        }
        Save(JsonFile, JsonSerializer.SerializeToUtf8Bytes(report, Json));
        Save(MarkdownFile, System.Text.Encoding.UTF8.GetBytes(MarkdownReport.Render(report)));
        written.AddRange(WriteCharts(report, directory));
        return written;
    }

    /// <summary>The charts alone, e.g. redrawn from a stored results.json.</summary>
    public static IReadOnlyList<string> WriteCharts(BenchmarkReport report, string directory)
    {
        var written = new List<string>();
        foreach (var (name, png) in BenchmarkCharts.Render(report))
        {
            string path = Path.Combine(directory, name);
            File.WriteAllBytes(path, png);
            written.Add(path);
        }
        return written;
    }
}
