namespace Interest.Web.Readiness;

/// <summary>Where the web tier's warm-up stands; read by the readiness check, written by <see cref="WebTierWarmUp"/>.</summary>
public sealed class WarmUpProgress
{
    private readonly Lock _lock = new();
    private WarmUpSnapshot _snapshot = new(IsComplete: false, Outcome: "not started", Rounds: 0, Lookups: 0, StoreReads: 0, Errors: 0, MethodsCompiled: 0, Elapsed: TimeSpan.Zero);

    public WarmUpSnapshot Snapshot
    {
        get
        {
            lock (_lock) return _snapshot;
        }
    }

    public void Report(WarmUpSnapshot snapshot)
    {
        lock (_lock)
        {
            // Once complete, stays complete: readiness must not flap back.
            if (_snapshot.IsComplete) return;
            _snapshot = snapshot;
        }
    }
}

/// <param name="Outcome">What the warm-up is doing, or why it ended (settled, skipped and why, out of time).</param>
/// <param name="StoreReads">Lookups the recommendation store answered (the rest asked a user grain or failed).</param>
/// <param name="MethodsCompiled">Methods the JIT compiled in this process since the warm-up started (first compilations and optimised ones).</param>
public sealed record WarmUpSnapshot(bool IsComplete, string Outcome, int Rounds, long Lookups, long StoreReads, long Errors, long MethodsCompiled, TimeSpan Elapsed);
