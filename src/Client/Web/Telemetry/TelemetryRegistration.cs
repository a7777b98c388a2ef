using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Interest.Web.Telemetry;

/// <summary>
/// OpenTelemetry metrics for a web tier or a silo: ASP.NET Core, the runtime, and the meters the host names, served
/// for Prometheus at <see cref="MetricsPath"/> and pushed by OTLP when an endpoint is configured.
/// </summary>
public static class TelemetryRegistration
{
    public const string MetricsPath = "/metrics";

    /// <summary>The Orleans runtime's meter: messaging, gateway, and on a silo its catalog, scheduler and storage.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The collector's address; without it (and without <see cref="StandardOtlpEndpointKey"/>) nothing is pushed.</summary>
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";

    /// <summary>The variable every OpenTelemetry SDK reads; environment variables are part of the configuration.</summary>
    public const string StandardOtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddInterestMetrics(this IServiceCollection services, IConfiguration configuration, string serviceName,
        params string[] meters)
    {
        string? configuredEndpoint = Configured(configuration, OtlpEndpointKey);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(LookupMetrics.MeterName)
                    .AddMeter(meters)
                    .AddPrometheusExporter();
                if (configuredEndpoint is not null)
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(configuredEndpoint));
                }
                else if (Configured(configuration, StandardOtlpEndpointKey) is not null)
                {
                    // The exporter reads OTEL_EXPORTER_OTLP_* itself (protocol, headers, the signal's path).
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }

    private static string? Configured(IConfiguration configuration, string key) =>
        string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();
}
