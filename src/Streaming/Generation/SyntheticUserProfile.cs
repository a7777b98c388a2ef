namespace Interest.Streaming.Generation;

/// <summary>A synthetic user's latent interests: preferred item groups, most preferred first, with their weights.</summary>
public sealed record SyntheticUserProfile(string UserId, IReadOnlyList<int> PreferredGroups, IReadOnlyList<double> GroupWeights);
