using System.Globalization;

namespace Interest.Web.Api;

/// <summary>
/// The <c>Server-Timing</c> header of a lookup: how long its read took and from where (the recommendation store, or
/// the Orleans call to the user grain), so that a client (the benchmark, a browser's developer tools) can tell the
/// backend's share of a slow answer from the web tier's and the network's.
/// </summary>
public static class ServerTiming
{
    public const string GrainCallMetric = "grain";

    public const string StoreReadMetric = "store";

    public static string Format(string metric, TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{metric};dur={duration.TotalMilliseconds:0.###}");

    /// <summary>The first metric of a <c>Server-Timing</c> value with a duration: its name and milliseconds, or null when it has none.</summary>
    public static (string Metric, double Milliseconds)? Parse(string? header)
    {
        if (string.IsNullOrEmpty(header)) return null;
        foreach (string metric in header.Split(','))
        {
            string[] parts = metric.Split(';', StringSplitOptions.TrimEntries);
            foreach (string part in parts.AsSpan(1))
            {
                if (part.StartsWith("dur=", StringComparison.Ordinal)
                    && double.TryParse(part.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds))
                {
                    return (parts[0], milliseconds);
                }
            }
        }
        return null;
    }
}
