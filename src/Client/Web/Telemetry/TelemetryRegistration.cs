using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Interest.Web.Telemetry;

/// <summary>
/// OpenTelemetry for a web tier or a silo. Metrics: ASP.NET Core, the runtime, and the meters the host names, served
/// for Prometheus at <see cref="MetricsPath"/>. Traces: incoming requests, Orleans grain calls and the system's own
/// spans (<see cref="InterestSources"/>), W3C context carried over HTTP, Kafka headers and grain calls. Both are pushed
/// by OTLP when an endpoint is configured; without one, traces are still propagated but go nowhere.
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

    /// <summary>Share of incoming requests that start a trace (0 to 1); a request that arrives with a sampled trace context always continues it.</summary>
    public const string TraceSampleRatioKey = "Telemetry:TraceSampleRatio";

    /// <summary>The system's own activity sources: Interest.Streaming, Interest.Grains, Interest.Inference, Interest.RecommendationStore.</summary>
    public const string InterestSources = "Interest.*";

    /// <summary>The sources of Orleans' grain-call spans (with activity propagation on the silo and the client).</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    private static readonly string[] UntracedPaths = ["/health", MetricsPath, "/dashboard"];

    public static IServiceCollection AddInterestTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName,
        params string[] meters)
    {
        string? configuredEndpoint = Configured(configuration, OtlpEndpointKey);
        bool standardEndpoint = Configured(configuration, StandardOtlpEndpointKey) is not null;
        double ratio = configuration.GetValue(TraceSampleRatioKey, 1.0);
        if (ratio is < 0 or > 1 || double.IsNaN(ratio))
        {
            throw new InvalidOperationException($"{TraceSampleRatioKey} must be between 0 and 1; it is {ratio}.");
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new IncomingRequestSampler(ratio)))
                    .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                        !UntracedPaths.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
                    .AddSource(InterestSources)
                    .AddSource(OrleansSources);
                if (configuredEndpoint is not null)
                {
                    tracing.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(configuredEndpoint));
                }
                else if (standardEndpoint)
                {
                    tracing.AddOtlpExporter();
                }
            })
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
                else if (standardEndpoint)
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
