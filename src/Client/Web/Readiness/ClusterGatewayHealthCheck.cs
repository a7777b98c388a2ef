using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interest.Web.Readiness;

/// <summary>Ready when a call through the cluster gateway reaches a silo and the cluster has active silos.</summary>
public sealed class ClusterGatewayHealthCheck(IClusterClient client) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
            var data = new Dictionary<string, object> { ["activeSilos"] = hosts.Count };
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s) through the gateway", data)
                : HealthCheckResult.Unhealthy("the gateway answered but no silo is active", data: data);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no silo reached through the gateway: {e.GetType().Name}: {e.Message}");
        }
    }
}
