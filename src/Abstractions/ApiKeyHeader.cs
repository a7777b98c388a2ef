namespace Interest.Abstractions;

/// <summary>
/// The request header in which callers of the web API present an API key (the web tier also accepts
/// <c>Authorization: ApiKey &lt;key&gt;</c>). Here so that tools can call the API without referencing the web tier.
/// </summary>
public static class ApiKeyHeader
{
    public const string Name = "X-Api-Key";
}
