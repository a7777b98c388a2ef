namespace Interest.Web.Security;

/// <summary>Section "Web": who may call the web tier.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Web";

    /// <summary>Accepted keys. Requests carry one in <c>X-Api-Key</c> or <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Keys that may also change the model rollout (<c>/admin/...</c>); each is a valid API key as well.</summary>
    public List<string> AdminApiKeys { get; set; } = [];

    /// <summary>Serve without keys. Only the all-in-one embedded demo sets this (see the silo's DemoOptions).</summary>
    public bool AllowAnonymous { get; set; }
}
