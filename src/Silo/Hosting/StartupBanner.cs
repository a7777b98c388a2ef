using Interest.Silo.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Interest.Silo.Hosting;

/// <summary>Prints where to look once the silo and its web endpoints are listening.</summary>
public sealed class StartupBanner(
    IServer server,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    IOptions<SiloSettings> settings,
    IOptions<DemoOptions> demo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Where the dashboard or the metrics are served: the same port and access rule for both.</summary>
    private string ManagementLine(string web, string path)
    {
        if (demo.Value.Enabled) return $"{web}{path}";
        var management = configuration.GetSection(ManagementSettings.SectionName).Get<ManagementSettings>() ?? new ManagementSettings();
        return management.DashboardEnabled
            ? $"http://{configuration["Management:Host"] ?? "localhost"}:{management.Port}{path} (HTTP Basic, user {management.Username})"
            : "off (set Management:Port and Management:Password)";
    }

    private void Print()
    {
        string web = (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080")
            .Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://+", "://localhost");
        bool api = SiloHost.ServesWebApi(configuration, demo.Value);
        var lines = new List<string>
        {
            "",
            $"Interest silo is up (roles: {settings.Value.Roles}; gateway port {settings.Value.GatewayPort}).",
            $"  Dashboard:        {ManagementLine(web, DashboardAccess.Path)}",
            $"  Metrics:          {ManagementLine(web, DashboardAccess.MetricsPath)}",
            $"  Health:           {web}/health",
        };
        if (api)
        {
            lines.Add($"  Page:             {web}/#user=user-1");
            lines.Add($"  Recommendations:  {web}/users/user-1/recommendations?k=10");
            lines.Add($"  Interest:         {web}/users/user-1/interest");
            lines.Add($"  Similar items:    {web}/items/1/similar?k=10");
            lines.Add($"  Post an event:    curl -X POST {web}/events -H 'Content-Type: application/json' -d '{{\"userId\":\"user-1\",\"itemId\":42,\"type\":\"click\"}}'");
            lines.Add($"  OpenAPI:          {web}/openapi/v1.json");
            lines.Add($"  API reference:    {web}/scalar");
        }
        lines.Add($"  Kafka bootstrap:  {configuration["Kafka:BootstrapServers"]} (topic {configuration["Kafka:Topic"] ?? "clickstream"})");
        if (demo.Value.Enabled)
        {
            lines.Add($"  Demo clickstream: {demo.Value.EventsPerSecond} events/s over {demo.Value.Users} users (user-1 … user-N)");
        }
        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
