using Interest.Streaming;
using Interest.Web.Api;

namespace Interest.Benchmarks.Cluster;

/// <summary>A running silo (with the embedded broker) and web tier, and an Orleans client to them.</summary>
public interface IBenchmarkCluster : IAsyncDisposable
{
    PipelineMode Mode { get; }

    /// <summary>How the parts run, for the report ("separate processes", pids, ...).</summary>
    string Shape { get; }

    IClusterClient Client { get; }

    /// <summary>Reads a user's list the way the web tier does (recommendation store first, then the user grain).</summary>
    RecommendationLookup Lookups { get; }

    /// <summary>Options with <see cref="KafkaOptions.BootstrapServers"/> set to the broker in use.</summary>
    KafkaOptions Kafka { get; }

    Uri WebAddress { get; }

    SiloDiagnostics Diagnostics { get; }

    /// <summary>The processes of the system under test by role (silo, web tier, benchmark), for CPU accounting.</summary>
    IReadOnlyDictionary<string, int> ProcessIds { get; }

    /// <summary>The silo's process, whose threads are accounted by group.</summary>
    int SiloProcessId { get; }
}
