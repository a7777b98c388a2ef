namespace Interest.Silo.Demo;

/// <summary>
/// Section "Demo": the all-in-one demo (<c>--demo</c> sets Demo:Enabled). When enabled the silo also serves the web
/// API, without API keys, and produces a synthetic clickstream into its own Kafka topic.
/// </summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }

    public int EventsPerSecond { get; set; } = 50;

    public int Users { get; set; } = 200;

    public int Seed { get; set; } = 1;
}
