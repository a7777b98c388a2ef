using System.Globalization;

namespace Interest.Client.Api;

/// <summary>
/// The <c>Server-Timing</c> header of a lookup: how long the Orleans call to the user grain took, so that a client (the
/// benchmark, a browser's developer tools) can tell the cluster's share of a slow answer from the web tier's and the network's.
/// </summary>
public static class ServerTiming
{
    public const string GrainCallMetric = "grain";

    public static string GrainCall(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{GrainCallMetric};dur={duration.TotalMilliseconds:0.###}");

    /// <summary>The grain call's milliseconds in a <c>Server-Timing</c> value, or null when it has none.</summary>
    public static double? ParseGrainCall(string? header)
    {
        if (string.IsNullOrEmpty(header)) return null;
        foreach (string metric in header.Split(','))
        {
            string[] parts = metric.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0] != GrainCallMetric) continue;
            foreach (string part in parts.AsSpan(1))
            {
                if (part.StartsWith("dur=", StringComparison.Ordinal)
                    && double.TryParse(part.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds))
                {
                    return milliseconds;
                }
            }
        }
        return null;
    }
}
