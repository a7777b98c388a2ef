using System.Diagnostics;

namespace Interest.Benchmarks.Measurement;

internal static class Rates
{
    public static double PerSecond(long count, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? count / elapsed.TotalSeconds : 0;

    public static double MillisecondsSince(long stopwatchTimestamp) => Stopwatch.GetElapsedTime(stopwatchTimestamp).TotalMilliseconds;

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; true when it held.</summary>
    public static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return true;
            if (clock.Elapsed >= timeout) return false;
            await Task.Delay(interval, cancellationToken);
        }
    }
}
