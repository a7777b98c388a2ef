namespace Interest.Web.Page;

/// <summary>Section "Web:Page": what the page links to.</summary>
public sealed class PageOptions
{
    public const string SectionName = "Web:Page";

    /// <summary>Where operators find the Orleans Dashboard (a silo's management port); no link when empty.</summary>
    public string? DashboardUrl { get; set; }
}
