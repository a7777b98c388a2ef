using System.Text.RegularExpressions;

namespace Interest.Deploy.Tests.Docker;

/// <summary>A Dockerfile's instructions (continuation lines joined, comments dropped), grouped into build stages.</summary>
public sealed partial class Dockerfile
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string From, string? Name, IReadOnlyList<Instruction> Instructions);

    public Dockerfile(string relativePath)
    {
        string text = Repository.ReadText(relativePath);
        var logical = new List<string>();
        var current = "";
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            current += line;
            if (!string.IsNullOrWhiteSpace(current)) logical.Add(current.Trim());
            current = "";
        }

        var stages = new List<Stage>();
        foreach (string line in logical)
        {
            int space = line.IndexOf(' ');
            var instruction = new Instruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            if (instruction.Keyword == "FROM")
            {
                var from = FromLine().Match(instruction.Arguments);
                stages.Add(new Stage(from.Groups["image"].Value, from.Groups["name"].Success ? from.Groups["name"].Value : null, new List<Instruction>()));
            }
            else
            {
                ((List<Instruction>)stages[^1].Instructions).Add(instruction);
            }
        }
        Stages = stages;
    }

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Final => Stages[^1];

    public IEnumerable<Instruction> All(string keyword) => Stages.SelectMany(s => s.Instructions).Where(i => i.Keyword == keyword);

    /// <summary>COPY instructions from the build context (not --from another stage): their source paths.</summary>
    public IEnumerable<string> ContextSources() => All("COPY")
        .Where(i => !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
        .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1));

    [GeneratedRegex(@"^(--platform=\S+\s+)?(?<image>\S+)(\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();
}
