namespace Interest.Silo.Demo;

/// <summary>Section "Demo": the synthetic clickstream the all-in-one demo produces.</summary>
public sealed class DemoSettings
{
    public const string SectionName = "Demo";
    public const int DefaultEventsPerSecond = 50;
    public const int DefaultUsers = 200;

    public bool Enabled { get; set; }

    public int EventsPerSecond { get; set; } = DefaultEventsPerSecond;

    public int Users { get; set; } = DefaultUsers;

    public int Seed { get; set; } = 1;
}
