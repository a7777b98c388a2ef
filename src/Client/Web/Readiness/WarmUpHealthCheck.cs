using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interest.Web.Readiness;

/// <summary>Unhealthy (not ready) until the warm-up is over, however it ended.</summary>
public sealed class WarmUpHealthCheck(WarmUpProgress progress) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = progress.Snapshot;
        var data = new Dictionary<string, object>
        {
            ["rounds"] = snapshot.Rounds,
            ["lookups"] = snapshot.Lookups,
            ["storeReads"] = snapshot.StoreReads,
            ["errors"] = snapshot.Errors,
            ["methodsCompiled"] = snapshot.MethodsCompiled,
            ["seconds"] = Math.Round(snapshot.Elapsed.TotalSeconds, 1),
        };
        var result = snapshot.IsComplete
            ? HealthCheckResult.Healthy($"warm-up {snapshot.Outcome}", data)
            : HealthCheckResult.Unhealthy($"warming up: {snapshot.Outcome}", data: data);
        return Task.FromResult(result);
    }
}
