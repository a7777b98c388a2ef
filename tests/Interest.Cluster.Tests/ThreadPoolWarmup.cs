using System.Reflection;
using System.Runtime.CompilerServices;

namespace Interest.Cluster.Tests;

internal static class ThreadPoolWarmup
{
    // On 2 cores the pool starts with 2 threads and grows slowly; silos, Kafka clients and the engine all start at
    // once in these tests, and a starved pool turns seconds into timeouts.
    // Not when this assembly runs as the drill silo (Fixtures/DrillSiloProgram.cs): that process is a silo like the others.
    [ModuleInitializer]
    internal static void RaiseMinimumThreads()
    {
        if (Assembly.GetEntryAssembly() == typeof(ThreadPoolWarmup).Assembly) return;
        ThreadPool.SetMinThreads(Math.Max(32, Environment.ProcessorCount * 8), 32);
    }
}
