using System.Runtime.CompilerServices;

namespace Interest.Cluster.Tests;

internal static class ThreadPoolWarmup
{
    // On 2 cores the pool starts with 2 threads and grows slowly; silos, Kafka clients and the engine all start at
    // once in these tests, and a starved pool turns seconds into timeouts.
    [ModuleInitializer]
    internal static void RaiseMinimumThreads() => ThreadPool.SetMinThreads(Math.Max(32, Environment.ProcessorCount * 8), 32);
}
