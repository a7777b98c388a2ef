namespace Interest.ModelRegistry;

/// <summary>
/// The pointers every silo follows: the <paramref name="Current"/> version, an optional canary
/// <paramref name="Candidate"/> served to <paramref name="CanaryShare"/> (0 to 1) of the traffic, and the versions
/// that were current before, most recent last (what a rollback returns to).
/// </summary>
public sealed record ModelRollout(string? Current, string? Candidate, double CanaryShare, IReadOnlyList<string> History, DateTimeOffset ChangedAt)
{
    /// <summary>The most versions <see cref="History"/> keeps.</summary>
    public const int MaxHistory = 20;

    /// <summary>Nothing published yet.</summary>
    public static ModelRollout Empty { get; } = new(null, null, 0, [], DateTimeOffset.MinValue);
}
