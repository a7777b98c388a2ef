using System.Diagnostics;
using Interest.Silo.Ingestion;
using Interest.Silo.Models;

namespace Interest.Silo.Hosting;

/// <summary>
/// Opt-in endpoints (<c>Diagnostics:Enabled=true</c>) for benchmarks and operators: this silo's ingestion counters, and
/// its memory after a full compacting collection. Off by default because the memory endpoint pauses the process.
/// </summary>
public static class DiagnosticsEndpoints
{
    public const string EnabledKey = "Diagnostics:Enabled";

    /// <summary>What survived the latest full collection (background or blocking), without forcing one; 0 before the first.</summary>
    private static long LiveBytesAfterLastFullCollection()
    {
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var latest = background.Index >= blocking.Index ? background : blocking;
        return latest.Index == 0 ? 0 : latest.PromotedBytes;
    }

    public static WebApplication MapSiloDiagnostics(this WebApplication app)
    {
        app.MapGet("/diagnostics/ingestion", (IServiceProvider services) =>
        {
            var consumers = ExtraConsumers.All(services).Select(c => c.Statistics).ToList();
            if (consumers.Count == 0) return Results.NotFound();
            return Results.Ok(new IngestionTotals(
                consumers.Count,
                consumers.Sum(c => c.Consumed),
                consumers.Sum(c => c.Delivered),
                consumers.Sum(c => c.Batches),
                consumers.All(c => c.Lag is not null) ? consumers.Sum(c => c.Lag!.Value) : null,
                consumers.Sum(c => c.AssignedPartitions),
                consumers.Sum(c => c.LostToRetention)));
        });
        app.MapGet("/diagnostics/runtime", () =>
        {
            var latest = GC.GetGCMemoryInfo(GCKind.Any);
            return Results.Ok(new RuntimeCounters(
                GC.CollectionCount(0),
                GC.CollectionCount(1),
                GC.CollectionCount(2),
                GC.GetTotalPauseDuration().TotalMilliseconds,
                GC.GetTotalAllocatedBytes(),
                ThreadPool.ThreadCount,
                ThreadPool.PendingWorkItemCount,
                LiveBytesAfterLastFullCollection(),
                latest.HeapSizeBytes,
                latest.TotalCommittedBytes));
        });
        app.MapGet("/diagnostics/migration", (MigrationProgress progress) =>
            progress.Latest is { } pass ? Results.Ok(pass) : Results.NoContent());
        app.MapGet("/diagnostics/activations", async (IGrainFactory grains) =>
            Results.Ok(new { activations = await grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount() }));
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

/// <summary>The silo's consumer group members' counters, summed.</summary>
/// <param name="Delivered">Valid events the user grains have applied and stored.</param>
/// <param name="Lag">Unread messages in the members' partitions; null until every member knows its lag.</param>
public sealed record IngestionTotals(int Consumers, long Consumed, long Delivered, long Batches, long? Lag, int AssignedPartitions, long LostToRetention);

/// <summary>Cumulative garbage-collector and thread-pool counters of the silo process.</summary>
/// <param name="LiveBytesAfterLastFullGc">Bytes that survived the latest full (generation 2) collection: the live managed heap then.</param>
/// <param name="HeapBytesAfterLastGc">The managed heap after the latest collection of any kind, garbage in the generations it did not collect included.</param>
/// <param name="GcCommittedBytes">Memory the GC held from the OS at the latest collection; the rest of the resident set is native (libtorch, librdkafka, the runtime).</param>
public sealed record RuntimeCounters(int Gen0Collections, int Gen1Collections, int Gen2Collections, double GcPauseMs, long AllocatedBytes,
    int ThreadPoolThreads, long PendingWorkItems, long LiveBytesAfterLastFullGc, long HeapBytesAfterLastGc, long GcCommittedBytes);

/// <param name="ManagedHeapBytes">Bytes of live objects on the GC heap.</param>
/// <param name="GcCommittedBytes">Memory the GC holds from the OS.</param>
/// <param name="WorkingSetBytes">Resident set size of the process (managed, native, libtorch, librdkafka).</param>
public sealed record SiloMemory(long ManagedHeapBytes, long GcCommittedBytes, long WorkingSetBytes, long PrivateBytes);
