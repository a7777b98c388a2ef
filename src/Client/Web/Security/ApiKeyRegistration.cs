using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Interest.Web.Security;

public static class ApiKeyRegistration
{
    /// <summary>Endpoints that change the model rollout: an admin key (Web:AdminApiKeys) even in the demo.</summary>
    public const string AdminPolicy = "interest-admin";

    /// <summary>
    /// Every endpoint requires a valid API key unless it allows anonymous callers (health). With no keys configured
    /// the host refuses to start, unless Web:AllowAnonymous is set (the embedded demo).
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>()
            .Bind(configuration.GetSection(ApiKeyOptions.SectionName))
            .Validate(options => options.AllowAnonymous || options.ApiKeys.Concat(options.AdminApiKeys).Any(k => !string.IsNullOrWhiteSpace(k)),
                "The web tier needs at least one API key (Web:ApiKeys:0 = ...), or Web:AllowAnonymous=true for a local demo.")
            .ValidateOnStart();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorization(authorization => authorization.AddPolicy(AdminPolicy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireRole(ApiKeyAuthenticationHandler.AdminRole)));
        // From the options rather than the configuration, so that a host can allow anonymous callers by
        // post-configuring ApiKeyOptions (the silo's demo does).
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ApiKeyOptions>>((authorization, keys) =>
        {
            if (!keys.Value.AllowAnonymous)
            {
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
            }
        });
        return services;
    }
}
