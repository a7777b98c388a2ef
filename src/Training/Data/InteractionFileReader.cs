using Interest.Streaming.Generation;

namespace Interest.Training.Data;

/// <summary>Interaction files (format: <see cref="InteractionFile"/>, shared with the replay tool) as training sequences.</summary>
public static class InteractionFileReader
{
    /// <param name="maxUsers">Stop after this many users (0: all), e.g. to train on a slice of a file.</param>
    public static IReadOnlyList<UserSequence> Read(string path, int maxUsers = 0) => ToSequences(InteractionFile.Read(path, maxUsers));

    /// <exception cref="FormatException">A line is not a list of positive integers with at least one item.</exception>
    public static IReadOnlyList<UserSequence> Parse(TextReader reader, int maxUsers = 0) => ToSequences(InteractionFile.Parse(reader, maxUsers));

    private static List<UserSequence> ToSequences(IReadOnlyList<UserInteractions> users) =>
        users.Select(user => new UserSequence(user.User, [.. user.Items])).ToList();
}
