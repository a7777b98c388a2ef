using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interest.Web.Readiness;

public static class ReadinessRegistration
{
    public const string ReadyPath = "/health/ready";

    /// <summary>Health checks with this tag decide readiness; register a process's own checks with it.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// The web tier's readiness: its warm-up (<see cref="WebTierWarmUp"/>) is over, Redis (membership and the
    /// recommendation store) answers, and a silo answers through the cluster gateway.
    /// </summary>
    public static IServiceCollection AddWebTierReadiness(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WarmUpOptions>()
            .Bind(configuration.GetSection(WarmUpOptions.SectionName))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton<WarmUpProgress>();
        services.AddHostedService<WebTierWarmUp>();
        var checks = services.AddHealthChecks()
            .AddCheck<WarmUpHealthCheck>("warm-up", tags: [ReadyTag])
            .AddCheck<ClusterGatewayHealthCheck>("cluster-gateway", tags: [ReadyTag]);
        string? redis = configuration["Redis:ConnectionString"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            checks.AddRedis(redis, name: "redis", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        }
        return services;
    }

    /// <summary>
    /// <c>GET /health/ready</c>: 200 once every check tagged <see cref="ReadyTag"/> passes (the process may take
    /// traffic), 503 before, with each check's status and figures as JSON. For a load balancer's or orchestrator's
    /// readiness probe; <c>/health</c> stays the cheap liveness probe.
    /// </summary>
    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReportAsync,
        }).WithName("Ready").AllowAnonymous();
        return routes;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status == HealthStatus.Healthy ? "ready" : "not ready",
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description, data = entry.Value.Data }),
        };
        return context.Response.WriteAsJsonAsync(body, JsonSerializerOptions.Web);
    }
}
