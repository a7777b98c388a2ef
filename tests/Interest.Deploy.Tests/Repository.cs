namespace Interest.Deploy.Tests;

/// <summary>Paths in the repository the tests run from (the folder holding Interest.sln).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public static string ReadText(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Interest.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Interest.sln above {AppContext.BaseDirectory}.");
    }
}
