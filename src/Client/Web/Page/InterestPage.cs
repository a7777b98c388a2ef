using Interest.Web.Security;
using Microsoft.Extensions.Options;

namespace Interest.Web.Page;

/// <summary>
/// The page at <c>/</c> and its script and style under <c>/ui/</c>. They hold no data and are served to anyone; the
/// data they show comes from the API, with the API key the person enters (none in the demo).
/// </summary>
public static class InterestPage
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/ui/app.js"] = ("app.js", "text/javascript; charset=utf-8"),
        ["/ui/app.css"] = ("app.css", "text/css; charset=utf-8"),
    };

    public static IServiceCollection AddInterestPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PageOptions>().Bind(configuration.GetSection(PageOptions.SectionName));
        return services;
    }

    public static IEndpointRouteBuilder MapInterestPage(this IEndpointRouteBuilder routes)
    {
        foreach (var (path, (resource, contentType)) in Assets)
        {
            byte[] content = Read(resource);
            routes.MapGet(path, () => Results.Bytes(content, contentType)).AllowAnonymous().ExcludeFromDescription();
        }
        routes.MapGet("/ui/config", (IOptions<ApiKeyOptions> keys, IOptions<PageOptions> page) => Results.Ok(new
        {
            apiKeyRequired = !keys.Value.AllowAnonymous,
            dashboardUrl = string.IsNullOrWhiteSpace(page.Value.DashboardUrl) ? null : page.Value.DashboardUrl,
        })).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(InterestPage).Assembly.GetManifestResourceStream($"Interest.Web.Page.Assets.{resource}")
            ?? throw new InvalidOperationException($"The page's asset '{resource}' is not embedded in {typeof(InterestPage).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
