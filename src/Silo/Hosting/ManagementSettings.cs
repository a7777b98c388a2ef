namespace Interest.Silo.Hosting;

/// <summary>
/// Section "Management": where operators reach the Orleans Dashboard and the silo's Prometheus metrics (/metrics).
/// Outside the embedded demo both are served only on this port and only with these credentials (HTTP Basic); without
/// a port and password they are off.
/// </summary>
public sealed class ManagementSettings
{
    public const string SectionName = "Management";

    public int? Port { get; set; }

    public string Username { get; set; } = "operator";

    public string? Password { get; set; }

    public bool DashboardEnabled => Port is > 0 && !string.IsNullOrEmpty(Password);
}
