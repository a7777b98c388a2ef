using Interest.Silo.Ingestion;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interest.Silo.Readiness;

/// <summary>
/// Ready once every clickstream consumer of this silo has received its assignment from the group. An assignment of no
/// partitions counts (more consumers than partitions): such a silo is as ready as it can be, and the figures say so.
/// </summary>
public sealed class ConsumerGroupHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var consumers = ExtraConsumers.All(services).Select(c => c.Statistics).ToList();
        int joined = consumers.Count(s => s.Assignments > 0);
        var data = new Dictionary<string, object>
        {
            ["consumers"] = consumers.Count,
            ["joined"] = joined,
            ["partitions"] = consumers.Sum(s => s.AssignedPartitions),
        };
        return Task.FromResult(joined == consumers.Count && consumers.Count > 0
            ? HealthCheckResult.Healthy($"{joined} consumer(s) in the group holding {data["partitions"]} partition(s)", data)
            : HealthCheckResult.Unhealthy($"{joined} of {consumers.Count} consumer(s) have an assignment from the group", data: data));
    }
}
