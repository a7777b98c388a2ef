namespace Interest.Streaming.Consuming;

/// <summary>Waits that double with each attempt, from a first wait up to a largest one.</summary>
internal static class ExponentialBackoff
{
    /// <param name="attempt">1 for the first retry.</param>
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20))));
}
