namespace Interest.Abstractions;

/// <summary>
/// A delivered event that can never be applied (the served model refuses it): it goes to the dead-letter topic with
/// <see cref="Reason"/> and <see cref="Detail"/>, and its offset counts as done, instead of being retried for ever.
/// </summary>
[GenerateSerializer, Immutable, Alias("interest.RejectedEvent")]
public sealed record RejectedEvent(
    [property: Id(0)] DeliveredEvent Event,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Detail)
{
    /// <summary>The model's validation refused the event (e.g. an item outside the served model's catalogue).</summary>
    public const string RejectedByModel = "rejected-by-model";

    /// <summary>The user's state could not be rebuilt under the served model version together with the event.</summary>
    public const string StateRebuildFailed = "state-rebuild-failed";
}
