using Interest.Silo.Ingestion;
using Interest.Streaming.Consuming;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interest.Silo.Readiness;

/// <summary>
/// Ready once every clickstream consumer of this silo has received its assignment from the group. An assignment of no
/// partitions counts (more consumers than partitions): such a silo is as ready as it can be, and the figures say so.
/// A consumer joins the group only once the served catalogue is known, so a silo that has not yet heard from an
/// inference silo is not ready, and says that this is why.
/// </summary>
public sealed class ConsumerGroupHealthCheck(IServiceProvider services, IServedCatalog catalog) : IHealthCheck
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
        if (catalog.ItemCount is not { } items)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                "the consumers wait for the served model's catalogue size: no inference silo has answered yet", data: data));
        }
        data["items"] = items;
        return Task.FromResult(joined == consumers.Count && consumers.Count > 0
            ? HealthCheckResult.Healthy($"{joined} consumer(s) in the group holding {data["partitions"]} partition(s)", data)
            : HealthCheckResult.Unhealthy($"{joined} of {consumers.Count} consumer(s) have an assignment from the group", data: data));
    }
}
