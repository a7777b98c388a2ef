namespace Interest.Streaming.Generation;

/// <summary>One user's interactions in time order (both 1-based, as in the file).</summary>
public sealed record UserInteractions(int User, IReadOnlyList<int> Items);
