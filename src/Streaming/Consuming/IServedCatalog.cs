namespace Interest.Streaming.Consuming;

/// <summary>
/// The catalogue the consumer validates item ids against: the items the served model versions know. The host keeps
/// it current (a silo follows the inference silos' served models); the consumer reads it once per poll batch, never
/// waiting, and starts consuming only once it is known.
/// </summary>
public interface IServedCatalog
{
    /// <summary>Valid item ids are 1..ItemCount; null while no served model has been heard of, and never again once known.</summary>
    int? ItemCount { get; }

    /// <summary>Completes when <see cref="ItemCount"/> is first known.</summary>
    Task WhenKnown { get; }
}
