using System.Net.Http.Json;

namespace Interest.Benchmarks.Cluster;

/// <summary>Reads the silo's opt-in diagnostics endpoints (src/Silo/Hosting/DiagnosticsEndpoints.cs).</summary>
public sealed class SiloDiagnostics(Uri siloAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = siloAddress, Timeout = TimeSpan.FromMinutes(2) };

    public async Task<IngestionCounters> GetIngestionAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<IngestionCounters>("/diagnostics/ingestion", cancellationToken)
        ?? throw new InvalidOperationException("The silo returned no ingestion counters.");

    public async Task<RuntimeReading> GetRuntimeAsync(CancellationToken cancellationToken = default) =>
        await _http.GetFromJsonAsync<RuntimeReading>("/diagnostics/runtime", cancellationToken)
        ?? throw new InvalidOperationException("The silo returned no runtime counters.");

    /// <summary>Makes the silo run a full compacting collection first, so the figures are live memory.</summary>
    public async Task<SiloMemoryReading> GetMemoryAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync("/diagnostics/memory", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SiloMemoryReading>(cancellationToken)
            ?? throw new InvalidOperationException("The silo returned no memory reading.");
    }

    /// <summary>The silo's latest background migration pass (src/Silo/Models/MigrationProgress.cs); null before its first pass.</summary>
    public async Task<MigrationPassReading?> GetMigrationAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("/diagnostics/migration", cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.StatusCode == System.Net.HttpStatusCode.NoContent) return null;
        return await response.Content.ReadFromJsonAsync<MigrationPassReading>(cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The part of the silo consumer's statistics the benchmark uses.</summary>
/// <param name="Delivered">Events the user grains have applied and stored (the consumer counts them once the sink returns).</param>
public sealed record IngestionCounters(long Consumed, long Delivered, long Batches, long? Lag, int AssignedPartitions, long LostToRetention);

public sealed record RuntimeReading(int Gen0Collections, int Gen1Collections, int Gen2Collections, double GcPauseMs, long AllocatedBytes, int ThreadPoolThreads, long PendingWorkItems)
{
    /// <summary>What the silo's garbage collector did between two readings <paramref name="seconds"/> apart.</summary>
    public GcActivity Since(RuntimeReading earlier, double seconds) => new(
        Gen0Collections - earlier.Gen0Collections,
        Gen1Collections - earlier.Gen1Collections,
        Gen2Collections - earlier.Gen2Collections,
        Math.Round((GcPauseMs - earlier.GcPauseMs) / Math.Max(1e-6, seconds) / 10, 2),
        Math.Round((AllocatedBytes - earlier.AllocatedBytes) / 1048576.0 / Math.Max(1e-6, seconds)));
}

/// <param name="PausePercent">Share of wall time the silo's managed threads were paused for collections.</param>
/// <param name="AllocatedMiBPerSecond">Managed allocation rate of the silo.</param>
public sealed record GcActivity(int Gen0, int Gen1, int Gen2, double PausePercent, double AllocatedMiBPerSecond);

/// <param name="Served">The served versions the pass migrates to (the current version alone when there is no canary).</param>
/// <param name="ActiveUsers">User grains active on the silo when the pass started.</param>
/// <param name="Checked">Users asked so far.</param>
/// <param name="Rebuilt">Users whose state the pass rebuilt under the new version.</param>
/// <param name="Failed">Users the pass did not rebuild (their next event does).</param>
public sealed record MigrationPassReading(string Served, int ActiveUsers, int Checked, int Rebuilt, int Failed, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

public sealed record SiloMemoryReading(long ManagedHeapBytes, long GcCommittedBytes, long WorkingSetBytes, long PrivateBytes);
