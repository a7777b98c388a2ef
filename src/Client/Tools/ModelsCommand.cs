using System.Globalization;
using Interest.ModelRegistry;
using StackExchange.Redis;

namespace Interest.Tools;

/// <summary>
/// <c>models list|publish|promote|candidate|clear-candidate|rollback</c>: the model registry by hand. A refused
/// operation prints why to standard error and exits 2.
/// </summary>
public static class ModelsCommand
{
    public const string Usage = """
        usage: Interest.Tools models list                         --registry <dir> [--redis <connection>] [--prefix interest:models]
               Interest.Tools models publish <model file>         --registry <dir> [--redis <connection>]
               Interest.Tools models promote <version>            --registry <dir> [--redis <connection>]
               Interest.Tools models candidate <version> --share <0..1, e.g. 0.1> --registry <dir> [--redis <connection>]
               Interest.Tools models clear-candidate              --registry <dir> [--redis <connection>]
               Interest.Tools models rollback                     --registry <dir> [--redis <connection>]
        """;

    private static readonly string[] KnownOptions = ["registry", "redis", "prefix", "share"];

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Parse(args);
        string? problem = parsed is { } given ? Problem(given.Operation, given.Argument, given.Options) : null;
        if (parsed is null || problem is not null)
        {
            if (problem is not null) error.WriteLine($"models: {problem}");
            error.WriteLine(Usage);
            return 2;
        }
        var (operation, argument, options) = parsed.Value;

        try
        {
            RedisModelRolloutStore? redisStore = options.TryGetValue("redis", out string? redis)
                ? await RedisModelRolloutStore.ConnectAsync(redis, options.GetValueOrDefault("prefix") ?? new ModelRegistryOptions().RedisKeyPrefix)
                : null;
            await using (redisStore)
            {
                var registry = new ModelRegistry.ModelRegistry(options["registry"], redisStore ?? (IModelRolloutStore)new FileModelRolloutStore(options["registry"]));
                switch (operation)
                {
                    case "list":
                        ModelTable.Write(output, await registry.ListAsync(), await registry.ReadRolloutAsync());
                        break;
                    case "publish":
                        var published = await registry.PublishAsync(argument!);
                        var afterPublish = await registry.ReadRolloutAsync();
                        output.WriteLine($"published {published.Version} ({published.SizeBytes:N0} bytes, SHA-256 {published.Sha256}) to {registry.PathOf(published.Version)}" +
                            (afterPublish.Current == published.Version ? "; it is current" : $"; current is still {afterPublish.Current}"));
                        break;
                    case "promote":
                        WriteRollout(output, "promoted", await registry.PromoteAsync(argument!));
                        break;
                    case "candidate":
                        WriteRollout(output, "candidate set", await registry.SetCandidateAsync(argument!, ShareOf(options)));
                        break;
                    case "clear-candidate":
                        WriteRollout(output, "candidate cleared", await registry.ClearCandidateAsync());
                        break;
                    case "rollback":
                        WriteRollout(output, "rolled back", await registry.RollbackAsync());
                        break;
                }
            }
            return 0;
        }
        catch (ModelRegistryException exception)
        {
            error.WriteLine($"models {operation}: {exception.Message}");
            return 2;
        }
        catch (RedisException exception)
        {
            string what = exception is RedisConnectionException ? "cannot reach Redis at" : "failed on Redis at";
            error.WriteLine($"models {operation}: {what} '{options["redis"]}' ({exception.Message}).");
            return 2;
        }
    }

    private static void WriteRollout(TextWriter output, string what, ModelRollout rollout) =>
        output.WriteLine($"{what}: current {rollout.Current ?? "(none)"}" +
            (rollout.Candidate is null ? ", no candidate" : $", candidate {rollout.Candidate} at {ModelTable.Percent(rollout.CanaryShare)}") +
            (rollout.History.Count == 0 ? "" : $", before: {string.Join(", ", rollout.History.Reverse())}"));

    private static double ShareOf(IReadOnlyDictionary<string, string> options) =>
        double.Parse(options["share"], NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The operation, its one positional argument (if any) and the <c>--name value</c> options; null when malformed.</summary>
    private static (string Operation, string? Argument, Dictionary<string, string> Options)? Parse(string[] args)
    {
        if (args.Length == 0) return null;
        string? argument = null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length) return null;
                options[args[i][2..]] = args[++i];
            }
            else if (argument is null) argument = args[i];
            else return null;
        }
        return (args[0], argument, options);
    }

    private static string? Problem(string operation, string? argument, Dictionary<string, string> options)
    {
        if (options.Keys.FirstOrDefault(name => !KnownOptions.Contains(name)) is { } unknown) return $"unknown option --{unknown}";
        if (!options.TryGetValue("registry", out string? registry) || string.IsNullOrWhiteSpace(registry)) return "--registry <dir> is required";
        bool takesArgument = operation is "publish" or "promote" or "candidate";
        if (operation is not ("list" or "publish" or "promote" or "candidate" or "clear-candidate" or "rollback")) return $"unknown operation '{operation}'";
        if (takesArgument && argument is null) return $"{operation} needs a {(operation == "publish" ? "model file" : "version")}";
        if (!takesArgument && argument is not null) return $"{operation} takes no argument (got '{argument}')";
        if (operation == "candidate")
        {
            if (!options.TryGetValue("share", out string? share)) return "candidate needs --share (e.g. 0.1 for 10% of the traffic)";
            if (!double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return $"--share must be a number (got '{share}')";
        }
        else if (options.ContainsKey("share")) return "--share applies to candidate only";
        return null;
    }
}
