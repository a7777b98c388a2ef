using YamlDotNet.RepresentationModel;

namespace Interest.Deploy.Tests.Compose;

/// <summary>Navigation over YamlDotNet's representation model that fails with the path it was looking for.</summary>
public static class YamlNodes
{
    public static YamlNode? Find(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (string key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current)) return null;
        }
        return current;
    }

    public static YamlNode Get(this YamlNode node, params string[] path) =>
        node.Find(path) ?? throw new KeyNotFoundException($"No '{string.Join('.', path)}' at line {node.Start.Line}.");

    public static YamlMappingNode Map(this YamlNode node, params string[] path) =>
        node.Get(path) as YamlMappingNode ?? throw new InvalidDataException($"'{string.Join('.', path)}' is not a mapping.");

    public static string Text(this YamlNode node, params string[] path) =>
        (node.Get(path) as YamlScalarNode)?.Value ?? throw new InvalidDataException($"'{string.Join('.', path)}' is not a scalar.");

    public static IReadOnlyList<string> Texts(this YamlNode node, params string[] path) => node.Get(path) switch
    {
        YamlSequenceNode sequence => sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList(),
        YamlScalarNode scalar => [scalar.Value ?? ""],
        _ => throw new InvalidDataException($"'{string.Join('.', path)}' is neither a list nor a scalar."),
    };

    public static IEnumerable<string> Keys(this YamlMappingNode mapping) =>
        mapping.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "");
}
