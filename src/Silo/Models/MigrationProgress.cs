using Interest.Abstractions;

namespace Interest.Silo.Models;

/// <summary>What this silo's background migration has done since the served versions last changed.</summary>
public sealed class MigrationProgress
{
    private MigrationPass? _pass;

    public MigrationPass? Latest => Volatile.Read(ref _pass);

    internal void Started(ServedModels served, int activeUsers, DateTimeOffset at) =>
        Volatile.Write(ref _pass, new MigrationPass(Describe(served), activeUsers, 0, 0, 0, at, null));

    internal void Update(Func<MigrationPass, MigrationPass> change)
    {
        if (_pass is { } pass) Volatile.Write(ref _pass, change(pass));
    }

    internal static string Describe(ServedModels served) => served.Candidate is null
        ? served.Current.Version
        : $"{served.Current.Version} + candidate {served.Candidate.Version} ({served.CanaryShare:P1})";
}

/// <param name="Served">The served versions the pass migrates to.</param>
/// <param name="ActiveUsers">User grains active on this silo when the pass started.</param>
/// <param name="Checked">Users asked so far.</param>
/// <param name="Rebuilt">Users whose state was rebuilt (the others were already on their version, or new).</param>
/// <param name="Failed">Users whose rebuild failed; their next event rebuilds them.</param>
public sealed record MigrationPass(string Served, int ActiveUsers, int Checked, int Rebuilt, int Failed, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
