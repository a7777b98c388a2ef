using Scalar.AspNetCore;

namespace Interest.Web.Api;

/// <summary>The OpenAPI document of the web API and the reference page (Scalar) that renders it.</summary>
public static class ApiReference
{
    public const string DocumentName = "v1";

    public const string PagePath = "/scalar";

    /// <summary>
    /// The document describes only the endpoints this API puts in its group (<see cref="DocumentName"/>): a host
    /// that maps routes of its own next to the API (a silo's Orleans Dashboard) keeps them out of it.
    /// </summary>
    public static IServiceCollection AddInterestOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.ShouldInclude = description => description.GroupName == DocumentName);

    /// <summary><c>/openapi/v1.json</c> and the page at <see cref="PagePath"/>, under the API's own key rules.</summary>
    public static IEndpointRouteBuilder MapInterestApiReference(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi();
        routes.MapScalarApiReference(PagePath, page => page.WithTitle("Interest API"));
        return routes;
    }
}
