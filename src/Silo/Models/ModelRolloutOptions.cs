namespace Interest.Silo.Models;

/// <summary>How a silo follows a model rollout, bound from the configuration section <c>ModelRollout</c>.</summary>
public sealed class ModelRolloutOptions
{
    public const string SectionName = "ModelRollout";

    /// <summary>
    /// The most users per second the background migration rebuilds on this silo after the served versions change. Each
    /// rebuild re-encodes a window of up to 50 events, so the bound keeps the live stream ahead of the migration; users
    /// it has not reached yet are rebuilt on their next event.
    /// </summary>
    public int MigrationsPerSecond { get; set; } = 1000;

    /// <summary>The most rebuilds in flight at once on this silo.</summary>
    public int MigrationConcurrency { get; set; } = 32;

    /// <summary>How often the silo looks at the served versions to see whether a migration is due.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
