using Interest.Client.Api;

namespace Interest.Client;

/// <summary>The web tier: an ASP.NET Core service that joins the cluster as an Orleans client (not a silo).</summary>
public static class WebTier
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Defaults only: configuration (Logging:LogLevel:...) still overrides them.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        configure?.Invoke(builder);
        builder.UseOrleansClient(client => client.UseInterestClustering(builder.Configuration));
        builder.Services.AddInterestWebApi(builder.Configuration);
        var app = builder.Build();
        app.UseInterestWebApi();
        return app;
    }
}
