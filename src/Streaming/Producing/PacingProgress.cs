namespace Interest.Streaming.Producing;

/// <summary>A paced run's progress, as <see cref="ClickstreamPacer"/> reports it.</summary>
/// <param name="Produced">Events handed to the producer in this run.</param>
/// <param name="MaxBacklog">The largest partition backlog at the last measurement.</param>
/// <param name="WaitingForConsumers">True while production is held back by the backlog guard.</param>
public readonly record struct PacingProgress(
    long Produced,
    long DeliveryErrors,
    TimeSpan Elapsed,
    double EventsPerSecond,
    long MaxBacklog,
    bool WaitingForConsumers,
    bool Completed);
