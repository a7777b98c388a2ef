using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Interest.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Interest.Web.Security;

/// <summary>Authenticates a request by an API key in <c>X-Api-Key</c> or <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptionsMonitor<ApiKeyOptions> keys,
    ILoggerFactory loggers,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = ApiKeyHeader.Name;

    /// <summary>The role of a caller that presented one of <see cref="ApiKeyOptions.AdminApiKeys"/>.</summary>
    public const string AdminRole = "admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = PresentedKey();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        byte[] presentedBytes = Encoding.UTF8.GetBytes(presented);
        bool known = false;
        bool admin = false;
        foreach (string key in keys.CurrentValue.ApiKeys)
        {
            // Every key is compared, in constant time, so timing says nothing about which one nearly matched.
            known |= CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key));
        }
        foreach (string key in keys.CurrentValue.AdminApiKeys)
        {
            admin |= !string.IsNullOrWhiteSpace(key) && CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key));
        }
        if (!known && !admin)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, admin ? "admin-client" : "api-client")], SchemeName);
        if (admin) identity.AddClaim(new Claim(ClaimTypes.Role, AdminRole));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        var problem = new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = $"Send a valid API key in the {HeaderName} header or as 'Authorization: {SchemeName} <key>'.",
                Type = "urn:interest:problem:unauthorized",
            },
        };
        // A caller that accepts only, say, text/event-stream still gets the problem body rather than a 500.
        if (!await Context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problem))
        {
            await Response.WriteAsJsonAsync(problem.ProblemDetails, options: null, contentType: "application/problem+json");
        }
    }

    private string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header.ToString()))
        {
            return header.ToString();
        }
        string authorization = Request.Headers.Authorization.ToString();
        const string prefix = SchemeName + " ";
        return authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? authorization[prefix.Length..].Trim() : null;
    }
}
