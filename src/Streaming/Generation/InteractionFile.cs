using System.Globalization;

namespace Interest.Streaming.Generation;

/// <summary>
/// Reads interaction files: whitespace-separated integers, one user per line start. "user item" lines (a user's
/// lines contiguous, in time order) and "user item1 item2 ..." lines are both accepted, also mixed; blank lines and
/// lines starting with '#' are skipped. Users keep the order in which they first appear.
/// </summary>
public static class InteractionFile
{
    /// <param name="maxUsers">Stop after this many users (0: all), e.g. to train on a slice of a file.</param>
    public static IReadOnlyList<UserInteractions> Read(string path, int maxUsers = 0)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, maxUsers);
    }

    /// <exception cref="FormatException">A line is not a list of positive integers with at least one item.</exception>
    public static IReadOnlyList<UserInteractions> Parse(TextReader reader, int maxUsers = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(maxUsers);
        var byUser = new Dictionary<int, List<int>>();
        var order = new List<int>();
        int lineNumber = 0;
        List<int>? current = null;
        int currentUser = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var rest = line.AsSpan().Trim();
            if (rest.IsEmpty || rest[0] == '#') continue;

            int user = NextNumber(ref rest, lineNumber, "user");
            if (current is null || user != currentUser)
            {
                if (!byUser.TryGetValue(user, out current))
                {
                    if (maxUsers > 0 && order.Count == maxUsers) break;
                    current = [];
                    byUser[user] = current;
                    order.Add(user);
                }
                currentUser = user;
            }
            int itemsOnLine = 0;
            while (!rest.IsEmpty)
            {
                current.Add(NextNumber(ref rest, lineNumber, "item"));
                itemsOnLine++;
            }
            if (itemsOnLine == 0) throw new FormatException($"Line {lineNumber}: a user without an item.");
        }
        return order.Select(user => new UserInteractions(user, byUser[user])).ToList();
    }

    private static int NextNumber(ref ReadOnlySpan<char> rest, int lineNumber, string what)
    {
        int end = rest.IndexOfAny(' ', '\t');
        var token = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[end..].TrimStart();
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
        {
            throw new FormatException($"Line {lineNumber}: '{token}' is not a valid {what} (a positive integer).");
        }
        return value;
    }
}
