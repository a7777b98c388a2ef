using Interest.Grains.Placement;

namespace Interest.Silo.Hosting;

/// <summary>Section "Silo": what this silo does and where it listens.</summary>
public sealed class SiloSettings
{
    public const string SectionName = "Silo";

    /// <summary>Comma-separated roles: ingest (consumes Kafka), inference (runs the model). Default: both.</summary>
    public string Roles { get; set; } = string.Join(",", SiloRoles.All);

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at (with Redis membership). Unset: the POD_IP environment
    /// variable, else the first non-loopback IPv4 address of this host. It must be one of this host's addresses.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Run with Microsoft.Orleans.Hosting.Kubernetes: silo named after its pod, pod address advertised, defunct silos' pods deleted.</summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>
    /// Most grain locations this silo's Orleans directory cache keeps; 0 leaves Orleans' default (a million). Each entry
    /// costs a few hundred bytes, so at that default a silo with a million active users spends hundreds of MB on it.
    /// </summary>
    public int DirectoryCacheSize { get; set; }

    /// <summary>Members of the clickstream consumer group this silo runs when it has the ingest role (see <see cref="Ingestion.ExtraConsumers"/>).</summary>
    public int Consumers { get; set; } = 1;

    /// <summary>
    /// When set, the silo stops gracefully once the process with this id is gone: for silos launched by a test host,
    /// a benchmark or a supervisor (see <see cref="ParentProcessWatcher"/>). 0: off.
    /// </summary>
    public int ParentProcessId { get; set; }

    public IReadOnlyList<string> RoleList => SiloRoles.Parse(Roles);

    public bool Has(string role) => RoleList.Contains(role);
}
