using System.Globalization;
using Interest.Benchmarks.Cluster;
using Interest.Benchmarks.Load;
using Interest.Benchmarks.Measurement;

namespace Interest.Benchmarks.Sections;

/// <summary>
/// Section 8: a model rollout under load. For each level of active users (users <c>mig…</c> get
/// <see cref="BenchmarkSettings.MigrationEventsPerUser"/> events each through Kafka, beside the load and probe users),
/// a fixed-rate stream over the load users runs first in steady state, then again from the moment the next version is
/// promoted in the registry until the silo's background migration pass (re-encoding every active user's recent window
/// under the new version) has finished. Reported: promote → pass started (the silo's poll, load and switch), promote →
/// pass finished (time to migrate), users rebuilt per second, and the stream's freshness and applied rate in both phases.
/// </summary>
public static class MigrationSection
{
    private static readonly TimeSpan PassPoll = TimeSpan.FromMilliseconds(100);

    public static async Task<MigrationResult> RunAsync(PipelineSession session, BenchmarkModelRegistry registry, BenchmarkSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        int migrationsPerSecond = settings.SiloSettings.TryGetValue("ModelRollout:MigrationsPerSecond", out var configured)
            ? int.Parse(configured, CultureInfo.InvariantCulture) : 1000;
        double rate = settings.MigrationStreamRate;
        int active = settings.LoadUsers + settings.ProbeUsers;
        var levels = new List<MigrationLevel>();
        int index = 0;
        foreach (int level in settings.MigrationUserCounts.Order())
        {
            string version = registry.Versions[++index];
            int added = Math.Max(0, level - active);
            var users = new LoadStream($"mig{index}", Math.Max(1, added), settings.ItemCount, seed: 10 + index);
            var fill = added == 0 ? TimeSpan.Zero : await session.FillAsync(users.Take((long)added * settings.MigrationEventsPerUser), cancellationToken);
            active += added;
            log($"  {active:N0} active users ({added:N0} new with {settings.MigrationEventsPerUser} events each, filled in {fill.TotalSeconds:0.0} s)");

            var expected = TimeSpan.FromSeconds((double)active / migrationsPerSecond);
            var steadyDuration = expected < settings.StepDuration ? settings.StepDuration : expected > settings.MigrationSteadyMaxDuration ? settings.MigrationSteadyMaxDuration : expected;
            var steady = await session.RunStepAsync(rate, steadyDuration, withProbes: true, cancellationToken);
            log($"    steady state, {rate:N0}/s for {steadyDuration.TotalSeconds:0} s: applied {steady.AppliedPerSecond:N0}/s, freshness p50/p99 {PipelineSection.Ms(steady.Freshness.P50)}/{PipelineSection.Ms(steady.Freshness.P99)} ms");
            await session.DrainAsync(TimeSpan.FromMinutes(1), cancellationToken);

            // At most five times the pass's time at the configured rate, plus the poll, load and switch.
            var limit = 5 * expected + TimeSpan.FromMinutes(1);
            using var passEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var promotedAt = DateTimeOffset.UtcNow;
            await registry.PromoteAsync(version, cancellationToken);
            var watching = WaitForPassAsync(session.Cluster.Diagnostics, version, limit, passEnd, cancellationToken);
            var during = await session.RunStepAsync(rate, limit, withProbes: true, cancellationToken, () => passEnd.IsCancellationRequested);
            var pass = await watching;

            var started = pass.StartedAt - promotedAt;
            var finished = pass.FinishedAt!.Value - promotedAt;
            double passSeconds = (pass.FinishedAt.Value - pass.StartedAt).TotalSeconds;
            var result = new MigrationLevel(
                active,
                version,
                pass.ActiveUsers,
                pass.Rebuilt,
                pass.Failed,
                Math.Round(fill.TotalSeconds, 1),
                Math.Round(started.TotalSeconds, 2),
                Math.Round(finished.TotalSeconds, 2),
                Math.Round(Rates.PerSecond(pass.ActiveUsers, TimeSpan.FromSeconds(passSeconds))),
                Math.Round(Rates.PerSecond(pass.Rebuilt, TimeSpan.FromSeconds(passSeconds))),
                steady,
                during);
            levels.Add(result);
            log($"    promoted {version}: pass started after {started.TotalSeconds:0.00} s, finished after {finished.TotalSeconds:0.00} s " +
                $"({pass.Rebuilt:N0} of {pass.ActiveUsers:N0} users rebuilt, {pass.Failed} failed; {result.UsersPerSecond:N0} users/s checked, {result.RebuiltPerSecond:N0} rebuilt/s)");
            log($"    during the migration, {rate:N0}/s for {during.Seconds:0.0} s: applied {during.AppliedPerSecond:N0}/s, freshness p50/p99 " +
                $"{PipelineSection.Ms(during.Freshness.P50)}/{PipelineSection.Ms(during.Freshness.P99)} ms ({during.Freshness.Samples} probes, {during.Freshness.Failures} unseen)");
            await session.DrainAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }
        return new MigrationResult(registry.RolloutStore, "the served model's weights re-saved under a new version name", rate,
            settings.MigrationEventsPerUser, migrationsPerSecond, levels);
    }

    /// <summary>
    /// Polls the silo until its latest pass is the one to <paramref name="version"/> and has finished, then cancels
    /// <paramref name="passEnd"/> (which ends the stream); throws after <paramref name="limit"/>.
    /// </summary>
    private static async Task<MigrationPassReading> WaitForPassAsync(SiloDiagnostics silo, string version, TimeSpan limit, CancellationTokenSource passEnd, CancellationToken cancellationToken)
    {
        try
        {
            MigrationPassReading? pass = null;
            bool done = await Rates.WaitUntilAsync(async () =>
            {
                pass = await silo.GetMigrationAsync(cancellationToken);
                return pass is { FinishedAt: not null } && pass.Served == version;
            }, limit, PassPoll, cancellationToken);
            return done ? pass! : throw new TimeoutException($"The silo's migration to {version} did not finish within {limit.TotalSeconds:0} s; its latest pass: {pass}.");
        }
        finally
        {
            await passEnd.CancelAsync();
        }
    }
}

/// <param name="Users">Active users before the promote (load, probe and migration users).</param>
/// <param name="ActiveUsers">User grains the silo's pass found active.</param>
/// <param name="Rebuilt">Users the pass rebuilt (the others were rebuilt first by their own next event, or were new).</param>
/// <param name="StartSeconds">Promote → the pass started: the silo's registry poll, the load of the new version, the switch between batches and the migration's own check.</param>
/// <param name="MigrateSeconds">Promote → the pass finished: every active user is on the new version.</param>
/// <param name="UsersPerSecond">Active users the pass went through per second of the pass.</param>
/// <param name="RebuiltPerSecond">Users the pass rebuilt per second of the pass.</param>
/// <param name="Steady">The stream just before the promote.</param>
/// <param name="During">The same stream from the promote until the pass finished.</param>
public sealed record MigrationLevel(int Users, string Version, int ActiveUsers, int Rebuilt, int Failed, double FillSeconds, double StartSeconds, double MigrateSeconds, double UsersPerSecond, double RebuiltPerSecond, StepResult Steady, StepResult During);

/// <param name="RolloutStore">Where the rollout pointers lived.</param>
/// <param name="NewVersion">What each promoted version holds.</param>
/// <param name="StreamPerSecond">The stream's rate over the load users (probes on top).</param>
/// <param name="MigrationsPerSecond">The silo's bound on rebuilds per second (<c>ModelRollout:MigrationsPerSecond</c>).</param>
public sealed record MigrationResult(string RolloutStore, string NewVersion, double StreamPerSecond, int EventsPerUser, int MigrationsPerSecond, IReadOnlyList<MigrationLevel> Levels);
