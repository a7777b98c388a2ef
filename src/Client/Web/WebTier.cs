using Interest.Web.Api;
using Interest.Web.Readiness;
using Interest.Web.Telemetry;

namespace Interest.Web;

/// <summary>The web tier: an ASP.NET Core service that joins the cluster as an Orleans client (not a silo).</summary>
public static class WebTier
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Defaults only: configuration (Logging:LogLevel:...) still overrides them. ASP.NET Core logs three lines per
        // request at Information; the readiness check is polled and is unhealthy by design while the web tier warms
        // up, and the warm-up logs its own progress and outcome.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        configure?.Invoke(builder);
        builder.UseOrleansClient(client => client.UseInterestClustering(builder.Configuration).AddActivityPropagation());
        builder.Services.AddInterestWebApi(builder.Configuration);
        builder.Services.AddWebTierReadiness(builder.Configuration);
        builder.Services.AddInterestTelemetry(builder.Configuration, "interest-web", TelemetryRegistration.OrleansMeterName);
        var app = builder.Build();
        app.UseInterestWebApi();
        app.MapReadiness();
        // Under the API's fallback policy: a scrape presents an API key, as any other caller does.
        app.MapPrometheusScrapingEndpoint(TelemetryRegistration.MetricsPath);
        return app;
    }
}
