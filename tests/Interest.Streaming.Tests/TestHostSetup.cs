using System.Runtime.CompilerServices;

namespace Interest.Streaming.Tests;

internal static class TestHostSetup
{
    /// <summary>
    /// On a 2-core machine the test host starts with 2 pool threads and, at startup, blocks them for close to a second
    /// (measured: a bare Task.Delay(1) loop stalls ~900 ms). Timing-sensitive tests would measure that instead of the code.
    /// </summary>
    [ModuleInitializer]
    internal static void RaiseThreadPoolMinimum()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
    }
}
