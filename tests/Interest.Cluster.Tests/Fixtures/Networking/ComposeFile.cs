using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Interest.Cluster.Tests.Fixtures.Networking;

/// <summary>One service of a compose file: its environment (variables resolved) and how many replicas it runs.</summary>
public sealed record ComposeService(string Name, IReadOnlyDictionary<string, string> Environment, int Replicas);

/// <summary>
/// Reads deploy/compose/compose.yaml so that the multi-host tests start the same processes with the same environment
/// as `docker compose up`. Understands map and list environments, YAML merge keys, and <c>${VAR}</c>,
/// <c>${VAR:-default}</c> and <c>${VAR-default}</c> from the given variables (compose's own rules).
/// </summary>
public sealed partial class ComposeFile
{
    public const string RelativePath = "deploy/compose/compose.yaml";

    private ComposeFile(IReadOnlyDictionary<string, ComposeService> services) => Services = services;

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public ComposeService this[string name] => Services.TryGetValue(name, out var service)
        ? service
        : throw new InvalidOperationException($"{RelativePath} has no service '{name}' (it has: {string.Join(", ", Services.Keys)}).");

    /// <summary>The repository's compose file; fails with the path it looked for when there is none.</summary>
    public static ComposeFile LoadFromRepository(IReadOnlyDictionary<string, string?> variables)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Interest.sln"))) continue;
            string path = Path.Combine(dir.FullName, RelativePath);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The multi-host tests start the process topology of {RelativePath}, which is missing at {path}.", path);
            }
            return Parse(File.ReadAllText(path), variables);
        }
        throw new DirectoryNotFoundException($"No Interest.sln above {AppContext.BaseDirectory} to find {RelativePath} from.");
    }

    public static ComposeFile Parse(string yaml, IReadOnlyDictionary<string, string?> variables)
    {
        using var reader = new StringReader(yaml);
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(new MergingParser(new Parser(reader)))
            ?? throw new InvalidOperationException("The compose file is empty.");
        if (root.GetValueOrDefault("services") is not Dictionary<object, object?> services)
        {
            throw new InvalidOperationException("The compose file has no services.");
        }
        var result = new Dictionary<string, ComposeService>(StringComparer.Ordinal);
        foreach (var (key, value) in services)
        {
            string name = key.ToString()!;
            var service = value as Dictionary<object, object?> ?? [];
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            switch (service.GetValueOrDefault("environment"))
            {
                case Dictionary<object, object?> map:
                    foreach (var (k, v) in map) environment[k.ToString()!] = Interpolate(v?.ToString() ?? "", variables);
                    break;
                case List<object?> list:
                    foreach (string entry in list.Select(e => e?.ToString() ?? ""))
                    {
                        int equals = entry.IndexOf('=', StringComparison.Ordinal);
                        if (equals > 0) environment[entry[..equals]] = Interpolate(entry[(equals + 1)..], variables);
                    }
                    break;
            }
            int replicas = 1;
            if (service.GetValueOrDefault("deploy") is Dictionary<object, object?> deploy && deploy.GetValueOrDefault("replicas") is { } r)
            {
                replicas = int.Parse(r.ToString()!, System.Globalization.CultureInfo.InvariantCulture);
            }
            result[name] = new ComposeService(name, environment, replicas);
        }
        return new ComposeFile(result);
    }

    /// <summary>Compose's variable substitution: <c>$$</c> is a dollar; <c>:-</c> also replaces an empty value.</summary>
    public static string Interpolate(string value, IReadOnlyDictionary<string, string?> variables) =>
        Variable().Replace(value, match =>
        {
            if (match.Value == "$$") return "$";
            string name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            string? current = variables.GetValueOrDefault(name);
            if (!match.Groups["op"].Success) return current ?? "";
            bool useDefault = match.Groups["op"].Value == ":-" ? string.IsNullOrEmpty(current) : current is null;
            return useDefault ? match.Groups["default"].Value : current!;
        });

    [GeneratedRegex(@"\$\$|\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?-)(?<default>[^}]*))?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
