using System.Reflection;

namespace Interest.Benchmarks.Cluster;

/// <summary>The silo's, the benchmark's silo's and the web tier's build output, in the configuration this benchmark was built in.</summary>
internal sealed record BuildOutput(string SiloAssembly, string BenchmarkSiloAssembly, string WebHostAssembly)
{
    public static BuildOutput Locate()
    {
        string root = RepositoryRoot();
        string configuration = typeof(BuildOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var output = new BuildOutput(
            Path.Combine(root, "src", "Silo", "bin", configuration, "net10.0", "Interest.Silo.dll"),
            Path.Combine(root, "bench", "Interest.Benchmarks.Silo", "bin", configuration, "net10.0", "Interest.Benchmarks.Silo.dll"),
            Path.Combine(root, "src", "Client", "WebHost", "bin", configuration, "net10.0", "Interest.WebHost.dll"));
        foreach (string path in new[] { output.SiloAssembly, output.BenchmarkSiloAssembly, output.WebHostAssembly })
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing; build the solution in {configuration} first.", path);
        }
        return output;
    }

    /// <summary>The folder with Interest.sln above this assembly or, failing that, above the current directory.</summary>
    public static string RepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Interest.sln"))) return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Interest.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}.");
    }
}
