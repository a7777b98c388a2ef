using Interest.Training.Data;

namespace Interest.Training.Tests;

/// <summary>Temporary folders and the shared data set, found next to the repository.</summary>
internal static class TestFiles
{
    private static readonly Lock SlicesLock = new();
    private static readonly Dictionary<int, string> Slices = [];

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
            var lines = InteractionFileReader.Read(GamesData(), users)
                .SelectMany(user => user.Items.Select(item =>
                {
                    if (!renumbered.TryGetValue(item, out int id)) renumbered[item] = id = renumbered.Count + 1;
                    return $"{user.UserId} {id}";
                }))
                .ToList();
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"interest-games-slice-{users}-{Environment.ProcessId}.txt");
            File.WriteAllLines(path, lines);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
            Slices[users] = path;
            return path;
        }
    }

    /// <summary>Walks up from the test binaries to the folder holding <c>shared/data/amazon-games.txt</c> (beside the repository).</summary>
    public static string GamesData()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "data", "amazon-games.txt");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"shared/data/amazon-games.txt was not found in any folder above {AppContext.BaseDirectory}.");
    }
}

internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "interest-training-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
