using Interest.Grains.Users;
using Interest.Inference;
using Interest.Silo.Dashboard;
using Interest.Silo.Demo;
using Interest.Silo.Models;
using Interest.Silo.Readiness;
using Interest.Streaming;
using Interest.Streaming.Broker;
using Interest.Web.Api;
using Interest.Web.Page;
using Interest.Web.Readiness;
using Interest.Web.Security;
using Interest.Web.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Interest.Silo.Hosting;

/// <summary>
/// Builds the silo process. With no Kafka:BootstrapServers it runs the embedded broker itself in the demo or with
/// Kafka:Embedded, and refuses to start otherwise; with no Redis:ConnectionString it keeps membership and state in
/// memory on localhost. Demo:Enabled (<c>--demo</c>) also
/// serves the web API from this process, without API keys, and produces a synthetic clickstream (<see cref="DemoOptions"/>).
/// Web:Enabled serves the web API (with API keys) from a silo outside the demo.
/// </summary>
public static class SiloHost
{
    /// <summary>Shorthand for Demo:Enabled=true.</summary>
    public const string DemoFlag = "--demo";

    public const string WebApiEnabledKey = "Web:Enabled";

    /// <summary>Runs the embedded development broker in a silo outside the demo when Kafka:BootstrapServers is empty.</summary>
    public const string EmbeddedBrokerKey = "Kafka:Embedded";

    /// <param name="configureSilo">
    /// Runs after the silo's own registrations: a host built on this program (the benchmark's silo, the fault tests'
    /// drill silo) adds or decorates services there.
    /// </param>
    public static WebApplication Build(string[] args, Action<ISiloBuilder>? configureSilo = null)
    {
        // appsettings.json is read from the program's folder; relative paths in settings (a model file) stay relative
        // to where the silo was started.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Select(a => a == DemoFlag ? $"--{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}=true" : a).ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        var configuration = builder.Configuration;
        builder.Services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName));
        var demo = configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>() ?? new DemoOptions();

        if (string.IsNullOrWhiteSpace(configuration["Kafka:BootstrapServers"]))
        {
            if (!demo.Enabled && !configuration.GetValue<bool>(EmbeddedBrokerKey))
            {
                throw new InvalidOperationException(
                    "Kafka:BootstrapServers is not set. Point it at the Kafka brokers (e.g. Kafka__BootstrapServers=kafka:9092), " +
                    $"or set {EmbeddedBrokerKey}=true to run the embedded development broker in this silo (the demo does that itself).");
            }
            StartEmbeddedBroker(builder);
        }

        var management = configuration.GetSection(ManagementSettings.SectionName).Get<ManagementSettings>() ?? new ManagementSettings();
        if (!demo.Enabled && management.DashboardEnabled)
        {
            string urls = configuration["Urls"] ?? "http://localhost:5080";
            configuration["Urls"] = $"{urls};http://{configuration["Management:Host"] ?? "localhost"}:{management.Port}";
        }

        var settings = configuration.GetSection(SiloSettings.SectionName).Get<SiloSettings>() ?? new SiloSettings();
        builder.Services.Configure<SiloSettings>(configuration.GetSection(SiloSettings.SectionName));
        builder.UseOrleans(silo =>
        {
            silo.UseInterestClustering(configuration, settings);
            silo.AddInterest(configuration, settings.RoleList);
            silo.AddInterestDashboard(settings.RoleList);
            configureSilo?.Invoke(silo);
        });

        bool webApi = ServesWebApi(configuration, demo);
        if (webApi)
        {
            builder.Services.AddInterestWebApi(configuration);
            // The demo serves without API keys.
            builder.Services.AddOptions<ApiKeyOptions>()
                .PostConfigure<IOptions<DemoOptions>>((keys, demoOptions) => keys.AllowAnonymous |= demoOptions.Value.Enabled);
            // The demo serves its dashboard on its own port, so the page can link to it.
            builder.Services.AddOptions<PageOptions>()
                .PostConfigure<IOptions<DemoOptions>>((page, demoOptions) => page.DashboardUrl ??= demoOptions.Value.Enabled ? DashboardAccess.Path + "/" : null);
        }
        if (demo.Enabled)
        {
            builder.Services.AddHostedService<DemoClickstreamService>();
        }
        builder.Services.AddInterestTelemetry(configuration, "interest-silo", TelemetryRegistration.OrleansMeterName,
            InferenceMetrics.MeterName, StreamingMetrics.MeterName, UserMetrics.MeterName, ModelRolloutMetrics.MeterName);
        builder.Services.AddSiloReadiness(settings.RoleList);
        builder.Services.AddHostedService<StartupBanner>();
        if (settings.ParentProcessId != 0)
        {
            builder.Services.AddHostedService<ParentProcessWatcher>();
        }

        var app = builder.Build();
        app.UseDashboardAccess(management, openDemo: demo.Enabled);
        if (webApi)
        {
            app.UseInterestWebApi();
        }
        else
        {
            app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        }
        app.MapReadiness();
        if (configuration.GetValue<bool>(DiagnosticsEndpoints.EnabledKey))
        {
            app.MapSiloDiagnostics();
        }
        app.MapOrleansDashboard(DashboardAccess.Path);
        // Guarded by DashboardAccess rather than by the web API's API keys.
        app.MapPrometheusScrapingEndpoint(DashboardAccess.MetricsPath).AllowAnonymous();
        return app;
    }

    private static void StartEmbeddedBroker(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Kafka").Get<KafkaOptions>() ?? new KafkaOptions();
        var loggers = LoggerFactory.Create(logging => logging.AddConsole());
        var broker = new EmbeddedKafkaBroker(options, loggers.CreateLogger<EmbeddedKafkaBroker>());
        builder.Configuration["Kafka:BootstrapServers"] = broker.BootstrapServers;
        builder.Services.AddSingleton(broker);
        // The container does not dispose an instance it was handed; this service does, and is registered before the
        // silo and the consumers so that it stops after them.
        builder.Services.AddHostedService(_ => new EmbeddedBrokerLifetime(broker, loggers));
    }

    /// <summary>The silo serves the web API with Web:Enabled, and in the demo.</summary>
    public static bool ServesWebApi(IConfiguration configuration, DemoOptions demo) =>
        demo.Enabled || configuration.GetValue<bool>(WebApiEnabledKey);
}
