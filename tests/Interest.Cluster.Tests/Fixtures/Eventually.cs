namespace Interest.Cluster.Tests.Fixtures;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the last observed value when the time is up.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                if (done(last)) return last;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline)
            {
                lastError = e;
                last = default!;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}; last value: {last}", lastError);
            }
            await Task.Delay(100);
        }
    }
}
