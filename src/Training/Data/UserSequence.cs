namespace Interest.Training.Data;

/// <summary>One user's items in time order, as read from an interaction file (ids 1-based, as in the file).</summary>
public sealed record UserSequence(int UserId, int[] Items);
