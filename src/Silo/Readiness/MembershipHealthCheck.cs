using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interest.Silo.Readiness;

/// <summary>Ready once this silo is Active in the cluster's membership: it has joined and takes grain calls.</summary>
public sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails local) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(local.SiloAddress);
        var data = new Dictionary<string, object>
        {
            ["silo"] = local.SiloAddress.ToString(),
            ["status"] = status.ToString(),
            ["activeSilos"] = snapshot.Members.Count(m => m.Value.Status == SiloStatus.Active),
        };
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"active in membership as {local.SiloAddress}", data)
            : HealthCheckResult.Unhealthy($"membership status {status}", data: data));
    }
}
