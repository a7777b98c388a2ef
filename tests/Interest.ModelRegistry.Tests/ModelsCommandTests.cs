using Interest.Testing;
using Interest.Tools;

namespace Interest.ModelRegistry.Tests;

/// <summary><c>Interest.Tools models ...</c> end to end, on real files (and a real Redis), with its output captured.</summary>
public sealed class ModelsCommandTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> Models(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await ModelsCommand.RunAsync(args, output, error);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    private string[] Where(string kind, string registry, string prefix) =>
        kind == Stores.Redis ? ["--registry", registry, "--redis", redis.ConnectionString, "--prefix", prefix] : ["--registry", registry];

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Publish_candidate_promote_rollback_and_list_work_from_the_command_line(string kind)
    {
        using var directory = new TemporaryDirectory();
        string registry = directory.File("registry");
        string[] where = Where(kind, registry, RedisFixture.NewPrefix());
        async Task<Run> Ok(params string[] args)
        {
            var run = await Models([.. args, .. where]);
            Assert.True(run.ExitCode == 0, $"models {string.Join(' ', args)} exited {run.ExitCode}: {run.Error}");
            Assert.Equal("", run.Error);
            return run;
        }

        Assert.Contains("no versions published", (await Ok("list")).Output);
        var first = await Ok("publish", TestModels.Write(directory.File("a.model"), "games-a"));
        Assert.Contains("published games-a", first.Output);
        Assert.Contains("it is current", first.Output);
        Assert.True(File.Exists(Path.Combine(registry, "games-a.model")));
        var second = await Ok("publish", TestModels.Write(directory.File("b.model"), "games-b", seed: 2, itemCount: 55));
        Assert.Contains("current is still games-a", second.Output);

        Assert.Contains("candidate games-b at 10%", (await Ok("candidate", "games-b", "--share", "0.1")).Output);
        string[] canaryTable = (await Ok("list")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["version", "items", "E", "H", "created", "published", "rollout", "training", "metrics"], canaryTable[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^games-a\s+40\s+8\s+6\s+2026-11-30 08:15\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+current\s+epochs=3 test_full_ndcg@10=0\.0625$", canaryTable[1]);
        Assert.Matches(@"^games-b\s+55\s+8\s+6\s.*\scandidate 10%\s+epochs=3", canaryTable[2]);
        Assert.Equal(3, canaryTable.Length);

        Assert.Contains("promoted: current games-b, no candidate, before: games-a", (await Ok("promote", "games-b")).Output);
        string afterPromote = (await Ok("list")).Output;
        Assert.Matches(@"(?m)^games-b\s.*\scurrent\s", afterPromote);
        Assert.Contains("rollback returns to games-a", afterPromote);

        await Ok("candidate", "games-a", "--share", "0.25");
        Assert.Contains("candidate cleared: current games-b, no candidate", (await Ok("clear-candidate")).Output);
        Assert.Contains("rolled back: current games-a, no candidate", (await Ok("rollback")).Output);
        Assert.Matches(@"(?m)^games-a\s.*\scurrent\s", (await Ok("list")).Output);
    }

    [Fact]
    public async Task Refusals_exit_2_with_the_reason_on_standard_error()
    {
        using var directory = new TemporaryDirectory();
        string registry = directory.File("registry");
        string corrupt = directory.File("corrupt.model");
        File.WriteAllBytes(corrupt, "NOTAMODELFILE"u8.ToArray());

        async Task Refused(string reason, params string[] args)
        {
            var run = await Models(args);
            Assert.True(run.ExitCode == 2, $"models {string.Join(' ', args)} exited {run.ExitCode}");
            Assert.Contains(reason, run.Error);
            Assert.Equal("", run.Output);
        }

        await Refused("not an Interest model file", "publish", corrupt, "--registry", registry);
        await Refused("'v1' is not published (none is)", "promote", "v1", "--registry", registry);
        await Refused("nothing to roll back to", "rollback", "--registry", registry);
        await Refused("does not exist", "publish", directory.File("nowhere.model"), "--registry", registry);
        await Refused("--registry <dir> is required", "list");
        await Refused("candidate needs --share", "candidate", "v1", "--registry", registry);
        await Refused("must be more than 0 and at most 1", "candidate", "v1", "--share", "2", "--registry", registry);
        await Refused("unknown operation 'delete'", "delete", "v1", "--registry", registry);
        await Refused("unknown option --force", "rollback", "--force", "yes", "--registry", registry);
        await Refused("promote needs a version", "promote", "--registry", registry);
        await Refused("usage: Interest.Tools models");
        await Refused("cannot reach Redis", "list", "--registry", registry, "--redis", $"127.0.0.1:{FreePort.Next()},connectTimeout=300");

        // A refusal through Program.Main too: the same exit code.
        Assert.Equal(2, await Program.Main(["models", "rollback", "--registry", registry]));
        Assert.Empty(Directory.Exists(registry) ? Directory.EnumerateFileSystemEntries(registry).Where(path => !path.EndsWith(FileModelRolloutStore.LockFileName, StringComparison.Ordinal)) : []);
    }
}
