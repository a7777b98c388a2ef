using YamlDotNet.RepresentationModel;

namespace Interest.Deploy.Tests.Compose;

/// <summary>deploy/compose/compose.yaml as written (variables not yet substituted), parsed with YamlDotNet.</summary>
public sealed class ComposeFile
{
    public const string RelativePath = "deploy/compose/compose.yaml";

    public static readonly IReadOnlyList<string> SiloServices = ["inference", "ingest"];

    public ComposeFile()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Repository.ReadText(RelativePath));
        stream.Load(reader);
        Root = (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public YamlMappingNode Root { get; }

    public YamlMappingNode Service(string name) => Root.Map("services", name);

    public IEnumerable<string> ServiceNames => Root.Map("services").Keys();

    /// <summary>The service's environment, from either the mapping or the KEY=value list form.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var node = Service(service).Find("environment");
        return node switch
        {
            null => new Dictionary<string, string>(),
            YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? ""),
            YamlSequenceNode list => list.Children.Select(c => ((YamlScalarNode)c).Value!.Split('=', 2))
                .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            _ => throw new InvalidDataException($"{service}.environment is neither a mapping nor a list."),
        };
    }

    /// <summary>The command a service runs, as one line of shell text.</summary>
    public string CommandText(string service) => string.Join(' ', Service(service).Texts("command"));

    /// <summary>The compose file's directory: relative paths in it (build contexts, bind mounts) start there.</summary>
    public static string Directory => Path.GetDirectoryName(Repository.PathOf(RelativePath))!;
}
