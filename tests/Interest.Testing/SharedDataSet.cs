using Interest.Streaming.Generation;

namespace Interest.Testing;

/// <summary>The shared data set (<c>shared/data/amazon-games.txt</c>, beside the repository) and small slices of it.</summary>
public static class SharedDataSet
{
    private static readonly Lock SlicesLock = new();
    private static readonly Dictionary<int, string> Slices = [];

    /// <summary>Walks up from the test binaries to the folder holding <c>shared/data/amazon-games.txt</c>.</summary>
    public static string GamesData()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "data", "amazon-games.txt");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"shared/data/amazon-games.txt was not found in any folder above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// The first <paramref name="users"/> users of the shared data set with their items renumbered 1..n in order of first
    /// appearance: real sequences over a catalogue of a few thousand items instead of 23,715, so that scoring every item
    /// stays cheap. Written once per size into the temporary folder (never into the repository).
    /// </summary>
    public static string GamesSlice(int users)
    {
        lock (SlicesLock)
        {
            if (Slices.TryGetValue(users, out var existing)) return existing;
            var renumbered = new Dictionary<int, int>();
            var lines = InteractionFile.Read(GamesData(), users)
                .SelectMany(user => user.Items.Select(item =>
                {
                    if (!renumbered.TryGetValue(item, out int id)) renumbered[item] = id = renumbered.Count + 1;
                    return $"{user.User} {id}";
                }))
                .ToList();
            string path = Path.Combine(Path.GetTempPath(), $"interest-games-slice-{users}-{Environment.ProcessId}.txt");
            File.WriteAllLines(path, lines);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
            Slices[users] = path;
            return path;
        }
    }
}
