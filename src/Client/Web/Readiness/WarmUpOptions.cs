namespace Interest.Web.Readiness;

/// <summary>
/// Section "Web:WarmUp": what the web tier does before it reports ready (<c>/health/ready</c>). A fresh web tier runs
/// unoptimised code for its first seconds and compiles it again in the background meanwhile; its lookups are much
/// slower meanwhile (docs/ARCHITECTURE.md, "Lookups"). So it first sends lookups of users that have a
/// published list to itself, round after round, until a round makes the JIT compile almost nothing new.
/// </summary>
public sealed class WarmUpOptions
{
    public const string SectionName = "Web:WarmUp";

    /// <summary>False reports ready as soon as the web tier listens.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many users with a published list the lookups cycle through (found in the recommendation store).</summary>
    public int Users { get; set; } = 64;

    public int LookupsPerRound { get; set; } = 500;

    /// <summary>Lookups in flight at once.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>A round (and the pause after it) in which the JIT compiled fewer methods than this means the code has settled.</summary>
    public int SettledMethodCount { get; set; } = 10;

    /// <summary>At least this many rounds, settled or not.</summary>
    public int MinRounds { get; set; } = 3;

    /// <summary>Time after each round for the runtime's background compilation to catch up (its call-counting delay is 100 ms).</summary>
    public TimeSpan PauseBetweenRounds { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The web tier reports ready after this long even if the code has not settled (or lookups keep failing).</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(60);

    public void Validate()
    {
        if (Users < 1) throw new ArgumentOutOfRangeException(nameof(Users), Users, $"{SectionName}:Users must be at least 1.");
        if (LookupsPerRound < 1) throw new ArgumentOutOfRangeException(nameof(LookupsPerRound), LookupsPerRound, $"{SectionName}:LookupsPerRound must be at least 1.");
        if (Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, $"{SectionName}:Concurrency must be at least 1.");
        if (SettledMethodCount < 0) throw new ArgumentOutOfRangeException(nameof(SettledMethodCount), SettledMethodCount, $"{SectionName}:SettledMethodCount must not be negative.");
        if (MinRounds < 1) throw new ArgumentOutOfRangeException(nameof(MinRounds), MinRounds, $"{SectionName}:MinRounds must be at least 1.");
        if (PauseBetweenRounds < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PauseBetweenRounds), PauseBetweenRounds, $"{SectionName}:PauseBetweenRounds must not be negative.");
        if (MaxDuration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxDuration), MaxDuration, $"{SectionName}:MaxDuration must be positive.");
    }
}
