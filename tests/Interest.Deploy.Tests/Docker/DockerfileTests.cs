using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Interest.Deploy.Tests.Docker;

public partial class DockerfileTests
{
    public static TheoryData<string, string, string> Images => new()
    {
        // Dockerfile, the project it publishes, the TorchSharp build it selects ("" where the project has no libtorch).
        { "deploy/docker/silo.Dockerfile", "src/Silo/Interest.Silo.csproj", "cpu" },
        { "deploy/docker/inference.Dockerfile", "src/Silo/Interest.Silo.csproj", "cuda" },
        { "deploy/docker/web.Dockerfile", "src/Client/WebHost/Interest.WebHost.csproj", "" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_path_copied_from_the_context_exists_and_is_not_ignored(string dockerfile, string project, string device)
    {
        _ = (project, device);
        var ignored = DockerIgnored();
        var sources = new Dockerfile(dockerfile).ContextSources().ToList();
        Assert.NotEmpty(sources);
        foreach (string source in sources)
        {
            string path = Repository.PathOf(source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{dockerfile} copies {source}, which does not exist.");
            Assert.DoesNotContain(source.TrimEnd('/'), ignored);
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void It_publishes_an_existing_project_with_the_right_torch_build_and_runs_its_assembly(string dockerfile, string project, string device)
    {
        var file = new Dockerfile(dockerfile);
        var publish = file.All("RUN").Select(r => PublishCommand().Match(r.Arguments)).Single(m => m.Success);
        string published = publish.Groups["project"].Value;
        Assert.Equal(project, published);
        Assert.True(File.Exists(Repository.PathOf(published)), $"{dockerfile} publishes {published}, which does not exist.");
        Assert.Contains(file.ContextSources(), s => published.StartsWith(s.TrimEnd('/') + "/", StringComparison.Ordinal));

        string arguments = publish.Value;
        if (device == "") Assert.DoesNotContain("TorchDevice", arguments);
        else Assert.Contains($"-p:TorchDevice={device}", arguments);

        string assembly = AssemblyName(published) + ".dll";
        var entrypoint = file.Final.Instructions.Single(i => i.Keyword == "ENTRYPOINT").Arguments;
        Assert.Contains($"\"{assembly}\"", entrypoint);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void It_builds_on_the_dotnet_10_sdk_and_runs_as_a_non_root_user(string dockerfile, string project, string device)
    {
        _ = project;
        var file = new Dockerfile(dockerfile);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", file.Stages[0].From);
        Assert.Equal(device == "cuda" ? "nvidia/cuda:12.8.1-base-ubuntu24.04" : "mcr.microsoft.com/dotnet/aspnet:10.0", file.Final.From);
        string user = file.Final.Instructions.Last(i => i.Keyword == "USER").Arguments;
        Assert.DoesNotMatch("^(root|0)(:|$)", user);
        // The compose healthchecks run curl inside the container.
        Assert.Contains(file.Final.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("curl", StringComparison.Ordinal));
    }

    [Fact]
    public void The_inference_runtime_gets_dotnet_from_microsofts_image_and_a_user_it_creates()
    {
        var file = new Dockerfile("deploy/docker/inference.Dockerfile");
        var runtime = file.Stages.Single(s => s.Name == "dotnet");
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", runtime.From);
        Assert.Contains(file.Final.Instructions, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=dotnet /usr/share/dotnet", StringComparison.Ordinal));
        string user = file.Final.Instructions.Last(i => i.Keyword == "USER").Arguments;
        Assert.Contains(file.Final.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains($"useradd --uid {user}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_context_ignores_build_outputs_models_and_git()
    {
        var ignored = DockerIgnored();
        Assert.Superset(new HashSet<string> { ".git", "**/bin", "**/obj", "artifacts", "models" }, ignored);
    }

    private static HashSet<string> DockerIgnored() =>
        Repository.ReadText(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();

    private static string AssemblyName(string project)
    {
        string? name = XDocument.Load(Repository.PathOf(project)).Descendants("AssemblyName").SingleOrDefault()?.Value;
        return name ?? Path.GetFileNameWithoutExtension(project);
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)[^&]*")]
    private static partial Regex PublishCommand();
}
