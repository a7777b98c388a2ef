namespace Interest.Streaming.Producing;

public sealed class ClickstreamPacerOptions
{
    /// <summary>Target rate; 0 produces as fast as the backlog guard allows.</summary>
    public double EventsPerSecond { get; set; }

    /// <summary>
    /// The producer never gets further than this ahead of the consumer group's committed offsets on any partition.
    /// Keeps replays within the embedded broker's retention (docs/KAFKA.md).
    /// </summary>
    public int MaxBacklogPerPartition { get; set; } = 20_000;

    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the backlog is measured again while waiting for the consumers.</summary>
    public TimeSpan BacklogPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MeasurementTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public void Validate()
    {
        if (EventsPerSecond < 0 || double.IsNaN(EventsPerSecond)) throw new InvalidOperationException("EventsPerSecond must be 0 or positive.");
        if (MaxBacklogPerPartition < 1) throw new InvalidOperationException("MaxBacklogPerPartition must be at least 1.");
        if (BacklogPollInterval <= TimeSpan.Zero) throw new InvalidOperationException("BacklogPollInterval must be positive.");
    }
}
