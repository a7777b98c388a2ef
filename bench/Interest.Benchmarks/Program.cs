using Interest.Benchmarks;
using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Reporting;
using Interest.ConsoleProgress;

// dotnet run -c Release --project bench/Interest.Benchmarks [-- --smoke] [--out docs/benchmarks] [--model models/games.model]
// The migration section is opt-in (about 6 minutes): name it in --sections.
const string Usage = "usage: Interest.Benchmarks [--smoke] [--out <folder>] [--model <model file> | --untrained] [--in-process] [--state-in-silo] [--quick] [--sections ceiling,batched,batchsizeone,stateless,memory,migration (migration runs only when named)] [--rates 1000,2000] [--half-rate 3500] [--memory-users 10000,100000] [--migration-users 10000,100000] [--migration-rate 2000] [--set Silo:Key=Value ...] [--silo-env NAME=VALUE ...] [--web-env NAME=VALUE ...] | --charts-from <results.json>";
// The load generators (producer, backlog checks, probes, lookups) must not wait for the pool to grow: a late request
// or probe would be counted against the system under test.
ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), 16);
if (args.Length > 0 && args[0] == Interest.Benchmarks.Load.LookupProcess.Command) return await Interest.Benchmarks.Load.LookupProcess.MainAsync(args);
string root = BuildOutput.RepositoryRoot();
bool smoke = args.Contains("--smoke");
string? Value(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
if (args.Contains("--help"))
{
    Console.WriteLine(Usage);
    return 0;
}
// A mistyped option must not start a 14-minute run that overwrites docs/benchmarks.
string[] switches = ["--smoke", "--untrained", "--in-process", "--state-in-silo", "--quick"];
string[] valued = ["--out", "--model", "--sections", "--rates", "--half-rate", "--memory-users", "--migration-users", "--migration-rate", "--set", "--silo-env", "--web-env", "--charts-from"];
for (int i = 0; i < args.Length; i++)
{
    if (switches.Contains(args[i])) continue;
    if (valued.Contains(args[i]) && i + 1 < args.Length) { i++; continue; }
    Console.Error.WriteLine($"Unknown or incomplete option '{args[i]}'.");
    Console.Error.WriteLine(Usage);
    return 2;
}

// Redraws a stored run's charts beside its results.json, without running anything.
if (Value("--charts-from") is { } stored)
{
    var storedReport = System.Text.Json.JsonSerializer.Deserialize<BenchmarkReport>(File.ReadAllBytes(stored), ReportFiles.Json)
        ?? throw new InvalidDataException($"{stored} holds no benchmark report.");
    foreach (var path in ReportFiles.WriteCharts(storedReport, Path.GetDirectoryName(Path.GetFullPath(stored))!)) Console.WriteLine(path);
    return 0;
}

string output = Path.GetFullPath(Value("--out") ?? (smoke ? Path.Combine(Path.GetTempPath(), "interest-bench-smoke") : Path.Combine(root, "docs", "benchmarks")));
string defaultModel = Path.Combine(root, "models", "games.model");
string? model = args.Contains("--untrained") ? null : Value("--model") ?? (File.Exists(defaultModel) ? defaultModel : null);
var settings = smoke ? BenchmarkSettings.Smoke(output) : BenchmarkSettings.Full(output, model);
if (args.Contains("--in-process")) settings = settings with { SeparateProcesses = false };
// Grain state in the silo instead of redis-server: what durable state costs the pipeline (docs/RELIABILITY.md).
if (args.Contains("--state-in-silo")) settings = settings with { PipelineStateInRedis = false };
if (Value("--sections") is { } sections)
{
    settings = settings with { Sections = sections.Split(',').Select(s => Enum.Parse<BenchmarkSections>(s, ignoreCase: true)).Aggregate(BenchmarkSections.None, (all, s) => all | s) };
}
if (args.Contains("--quick")) settings = BenchmarkSettings.Quick(settings);
if (Value("--rates") is { } rates) settings = settings with { OfferedRates = rates.Split(',').Select(r => double.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToArray() };
if (Value("--half-rate") is { } halfRate) settings = settings with { FixedHalfRate = double.Parse(halfRate, System.Globalization.CultureInfo.InvariantCulture) };
if (Value("--memory-users") is { } users) settings = settings with { MemoryUserCounts = users.Split(',').Select(int.Parse).ToArray() };
if (Value("--migration-users") is { } migrationUsers) settings = settings with { MigrationUserCounts = migrationUsers.Split(',').Select(int.Parse).ToArray() };
if (Value("--migration-rate") is { } migrationRate) settings = settings with { MigrationStreamRate = double.Parse(migrationRate, System.Globalization.CultureInfo.InvariantCulture) };
// --set Key=Value (repeatable): extra silo settings, e.g. --set Inference:MaxBatchSize=256
// --silo-env NAME=VALUE (repeatable): extra environment of the silo process, e.g. --silo-env DOTNET_gcServer=0
// --web-env NAME=VALUE (repeatable): extra environment of the web tier process
settings = settings with
{
    SiloSettings = WithPairs(settings.SiloSettings, "--set"),
    SiloEnvironment = WithPairs(settings.SiloEnvironment, "--silo-env"),
    WebEnvironment = WithPairs(settings.WebEnvironment, "--web-env"),
};

Dictionary<string, string> WithPairs(IReadOnlyDictionary<string, string> defaults, string flag)
{
    var merged = new Dictionary<string, string>(defaults);
    for (int i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] != flag) continue;
        string[] pair = args[i + 1].Split('=', 2);
        if (pair.Length != 2) throw new ArgumentException($"{flag} takes NAME=VALUE, not '{args[i + 1]}'.");
        merged[pair[0]] = pair[1];
    }
    return merged;
}

PhaseProgress? progress = null;
void Log(string line)
{
    string stamped = $"{DateTime.Now:HH:mm:ss} {line}";
    if (progress is not null) progress.WriteLine(stamped);
    else Console.WriteLine(stamped);
}
Log($"Interest benchmark ({(smoke ? "smoke" : "full")}); model: {settings.ModelPath ?? $"untrained, {settings.ItemCount:N0} items"}; output: {output}");
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
BenchmarkReport report;
// Phases, not time: a bar (or a plain "benchmark <phase> N% elapsed eta" line per phase when output is redirected).
using (progress = PhaseProgress.Start("benchmark", BenchmarkRunner.PhaseCount(settings.Sections)))
{
    report = await new BenchmarkRunner(settings, Log, progress).RunAsync(cancellation.Token);
}
progress = null;
foreach (string file in ReportFiles.Write(report, output)) Log($"wrote {file}");
foreach (var target in report.Targets) Log($"{(target.Met ? "met   " : "MISSED")} {target.Name}: {target.Measured} ({target.Requirement}); {target.Detail}");
return 0;
