using System.Diagnostics;

namespace Interest.Testing;

/// <summary>Waits in a test for what happens on other threads, in other processes or in a cluster.</summary>
public static class Eventually
{
    // A probe of a cluster, a process or an endpoint costs a call; state in this process is cheap to look at often.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ConditionInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> holds for its value, and returns that value. A probe
    /// that throws counts as not done yet (a silo still starting) until the time is up; then a
    /// <see cref="TimeoutException"/> names <paramref name="what"/> and the last value.
    /// </summary>
    public static Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what) =>
        PollAsync(probe, done, timeout, ProbeInterval,
            last => $"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last value: {last}");

    /// <summary>
    /// Checks <paramref name="condition"/> on state in this process (a sink's count, a consumer's statistics) until it
    /// holds (one that throws counts as not yet, as above); when the time is up a <see cref="TimeoutException"/> carries
    /// <paramref name="describe"/>'s account of the state.
    /// </summary>
    public static Task Until(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        PollAsync(() => Task.FromResult(condition()), met => met, timeout, ConditionInterval,
            _ => $"Not reached within {timeout.TotalSeconds:0.#} s: {describe()}");

    private static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, TimeSpan interval, Func<T, string> failure)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        while (true)
        {
            T last;
            try
            {
                last = await probe();
                if (done(last)) return last;
            }
            catch (Exception e) when (clock.Elapsed < timeout)
            {
                lastError = e;
                last = default!;
            }
            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException(failure(last), lastError);
            }
            await Task.Delay(interval);
        }
    }
}
