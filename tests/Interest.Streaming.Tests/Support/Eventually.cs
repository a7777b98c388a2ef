using System.Diagnostics;

namespace Interest.Streaming.Tests.Support;

public static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"Not reached within {timeout.TotalSeconds:0.#} s: {describe()}");
            await Task.Delay(20);
        }
    }
}
