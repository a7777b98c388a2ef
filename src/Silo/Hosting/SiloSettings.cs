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

    /// <summary>Members of the clickstream consumer group this silo runs when it has the ingest role (see <see cref="Ingestion.ExtraConsumers"/>).</summary>
    public int Consumers { get; set; } = 1;

    public IReadOnlyList<string> RoleList => SiloRoles.Parse(Roles);

    public bool Has(string role) => RoleList.Contains(role);
}
