namespace Interest.Abstractions;

/// <summary>
/// The model versions the inference silos serve: every user is on <see cref="Current"/> except the share of users
/// that <see cref="IsCanaryUser"/> puts on <see cref="Candidate"/> while one is being tried.
/// </summary>
[GenerateSerializer, Immutable, Alias("interest.ServedModels")]
public sealed record ServedModels(
    [property: Id(0)] ModelDescription Current,
    [property: Id(1)] ModelDescription? Candidate,
    [property: Id(2)] double CanaryShare)
{
    /// <summary>The model that steps <paramref name="userId"/>'s events.</summary>
    public ModelDescription For(string userId) =>
        Candidate is not null && IsCanaryUser(userId, CanaryShare) ? Candidate : Current;

    /// <summary>Whether the version serves a user at all (a user's state from any other version must be rebuilt).</summary>
    public bool Serves(string version) => Current.Version == version || Candidate?.Version == version;

    /// <summary>The largest catalogue among the served versions: an item above it is unknown to every one of them.</summary>
    public int LargestItemCount => Math.Max(Current.ItemCount, Candidate?.ItemCount ?? 0);

    // FNV-1a over "canary:", the start of every user's hash.
    private static readonly uint CanarySalt = "canary:".Aggregate(2166136261u, (hash, ch) => (hash ^ ch) * 16777619);

    /// <summary>
    /// Whether <paramref name="userId"/> falls in the canary share: a stable hash of the id (FNV-1a, salted so that it
    /// does not follow the inference shards), so a user stays on one side for the whole rollout and raising the share
    /// only adds users.
    /// </summary>
    public static bool IsCanaryUser(string userId, double share)
    {
        if (share <= 0) return false;
        if (share >= 1) return true;
        uint hash = CanarySalt;
        foreach (char ch in userId)
        {
            hash = (hash ^ ch) * 16777619;
        }
        return hash % 10_000 < share * 10_000;
    }
}
