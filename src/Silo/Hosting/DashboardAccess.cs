using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Interest.Web.Telemetry;

namespace Interest.Silo.Hosting;

/// <summary>
/// Keeps the dashboard and the Prometheus scrape endpoint to the management port and to operators who authenticate
/// (HTTP Basic). In the demo both are open on the main port.
/// </summary>
public static class DashboardAccess
{
    public const string Path = "/dashboard";

    public const string MetricsPath = TelemetryRegistration.MetricsPath;

    public static WebApplication UseDashboardAccess(this WebApplication app, ManagementSettings settings, bool openDemo)
    {
        if (openDemo) return app;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardAccess).FullName!);
        if (!settings.DashboardEnabled)
        {
            logger.LogInformation("Orleans Dashboard and {MetricsPath} are off: set Management:Port and Management:Password to serve them", MetricsPath);
        }
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path) || context.Request.Path.StartsWithSegments(MetricsPath), dashboard => dashboard.Use(async (context, next) =>
        {
            if (!settings.DashboardEnabled || context.Connection.LocalPort != settings.Port)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            if (!IsOperator(context.Request, settings))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"Interest dashboard\", charset=\"UTF-8\"";
                return;
            }
            await next(context);
        }));
        return app;
    }

    private static bool IsOperator(HttpRequest request, ManagementSettings settings)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }
        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(header.Parameter);
        }
        catch (FormatException)
        {
            return false;
        }
        byte[] expected = Encoding.UTF8.GetBytes($"{settings.Username}:{settings.Password}");
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
