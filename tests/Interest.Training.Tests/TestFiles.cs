namespace Interest.Training.Tests;

/// <summary>Temporary folders and the shared data set, found next to the repository.</summary>
internal static class TestFiles
{
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
