using Interest.Grains.Placement;
using Interest.Web.Readiness;

namespace Interest.Silo.Readiness;

public static class SiloReadinessRegistration
{
    /// <summary>
    /// What <c>/health/ready</c> checks on a silo: it is Active in membership; with the inference role, its model is
    /// loaded; with the ingest role, its consumers have their assignments from the group.
    /// </summary>
    public static IServiceCollection AddSiloReadiness(this IServiceCollection services, IReadOnlyList<string> roles)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<MembershipHealthCheck>("membership", tags: [ReadinessRegistration.ReadyTag]);
        if (roles.Contains(SiloRoles.Inference))
        {
            checks.AddCheck<InferenceModelHealthCheck>("model", tags: [ReadinessRegistration.ReadyTag]);
        }
        if (roles.Contains(SiloRoles.Ingest))
        {
            checks.AddCheck<ConsumerGroupHealthCheck>("consumer-group", tags: [ReadinessRegistration.ReadyTag]);
        }
        return services;
    }
}
