using System.Diagnostics;
using Interest.Streaming;

namespace Interest.Silo.Hosting;

/// <summary>
/// Opt-in endpoints (<c>Diagnostics:Enabled=true</c>) for benchmarks and operators: this silo's ingestion counters, and
/// its memory after a full compacting collection. Off by default because the memory endpoint pauses the process.
/// </summary>
public static class DiagnosticsEndpoints
{
    public const string EnabledKey = "Diagnostics:Enabled";

    public static WebApplication MapSiloDiagnostics(this WebApplication app)
    {
        app.MapGet("/diagnostics/ingestion", (IServiceProvider services) =>
            services.GetService<KafkaClickstreamConsumer>() is { } consumer ? Results.Ok(consumer.Statistics) : Results.NotFound());
        app.MapPost("/diagnostics/memory", () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            return Results.Ok(new SiloMemory(
                GC.GetTotalMemory(forceFullCollection: false),
                GC.GetGCMemoryInfo().TotalCommittedBytes,
                process.WorkingSet64,
                process.PrivateMemorySize64));
        });
        return app;
    }
}

/// <param name="ManagedHeapBytes">Bytes of live objects on the GC heap.</param>
/// <param name="GcCommittedBytes">Memory the GC holds from the OS.</param>
/// <param name="WorkingSetBytes">Resident set size of the process (managed, native, libtorch, librdkafka).</param>
public sealed record SiloMemory(long ManagedHeapBytes, long GcCommittedBytes, long WorkingSetBytes, long PrivateBytes);
