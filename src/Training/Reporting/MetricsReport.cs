using System.Text.Json;

namespace Interest.Training.Reporting;

/// <summary>Writes and reads the metrics JSON of a training run.</summary>
public static class MetricsReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static void Write(string path, TrainingReport report)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(report);
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, JsonSerializer.Serialize(report, JsonOptions) + Environment.NewLine);
    }

    public static JsonDocument Read(string path) => JsonDocument.Parse(File.ReadAllText(path));
}
