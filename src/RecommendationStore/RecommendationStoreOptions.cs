namespace Interest.RecommendationStore;

/// <summary>
/// Where user grains publish each user's latest recommendations and the web tier reads them (section
/// <c>RecommendationStore</c>); the Redis server is the one of <c>Redis:ConnectionString</c>.
/// </summary>
public sealed class RecommendationStoreOptions
{
    public const string SectionName = "RecommendationStore";

    /// <summary>With Redis configured, grains publish and the web tier reads the store; false sends every lookup to the user grain.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a user's published list lives after the user's last update. Lookups of users idle for longer go to
    /// the user grain (which reads its durable state), so Redis holds lists only for recently active users.
    /// </summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    public string KeyPrefix { get; set; } = "interest:recommendations:";

    /// <summary>
    /// How long a lookup waits for Redis before it asks the user grain instead. Short, because the grain can always
    /// answer; the store is only the fast path.
    /// </summary>
    public int ReadTimeoutMs { get; set; } = 250;

    public void Validate()
    {
        if (TimeToLive <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeToLive), TimeToLive, $"{SectionName}:TimeToLive must be positive.");
        if (string.IsNullOrWhiteSpace(KeyPrefix)) throw new ArgumentException($"{SectionName}:KeyPrefix must not be empty.", nameof(KeyPrefix));
        if (ReadTimeoutMs < 1) throw new ArgumentOutOfRangeException(nameof(ReadTimeoutMs), ReadTimeoutMs, $"{SectionName}:ReadTimeoutMs must be at least 1.");
    }
}
