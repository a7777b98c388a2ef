using System.Globalization;
using Interest.ModelRegistry;

namespace Interest.Tools;

/// <summary>The table <c>models list</c> prints: one row per published version, the current one and the candidate marked.</summary>
internal static class ModelTable
{
    private static readonly string[] Headers = ["version", "items", "E", "H", "created", "published", "rollout", "training metrics"];

    public static void Write(TextWriter output, IReadOnlyList<RegisteredModel> models, ModelRollout rollout)
    {
        if (models.Count == 0)
        {
            output.WriteLine("no versions published");
            return;
        }
        var rows = models.Select(model => new[]
        {
            model.Version,
            model.ItemCount.ToString(CultureInfo.InvariantCulture),
            model.EmbeddingSize.ToString(CultureInfo.InvariantCulture),
            model.HiddenSize.ToString(CultureInfo.InvariantCulture),
            Time(model.CreatedAt),
            Time(model.PublishedAt),
            State(model.Version, rollout),
            Metrics(model.TrainingMetrics),
        }).ToList();
        int[] widths = [.. Headers.Select((header, column) => rows.Max(row => row[column].Length) is var width && width > header.Length ? width : header.Length)];
        output.WriteLine(Line(Headers, widths));
        foreach (var row in rows) output.WriteLine(Line(row, widths));
        if (rollout.History.Count > 0) output.WriteLine($"rollback returns to {rollout.History[^1]} (history, most recent first: {string.Join(", ", rollout.History.Reverse())})");
    }

    public static string Percent(double share) => share.ToString("0.##%", CultureInfo.InvariantCulture);

    private static string State(string version, ModelRollout rollout) =>
        version == rollout.Current ? "current"
        : version == rollout.Candidate ? $"candidate {Percent(rollout.CanaryShare)}"
        : "";

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Metrics(IReadOnlyDictionary<string, double>? metrics) => metrics is null
        ? ""
        : string.Join(" ", metrics.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => $"{pair.Key}={pair.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, column) => column is 1 or 2 or 3 ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]))).TrimEnd();
}
