using System.Collections.Concurrent;
using Interest.Abstractions;

namespace Interest.Grains.Users;

/// <summary>
/// One silo's online quality measurements per model version that are not yet added to the versions'
/// <see cref="IModelQualityGrain"/>s.
/// </summary>
public sealed class OnlineQualityLedger
{
    private readonly ConcurrentDictionary<string, Unreported> _pending = new();

    public void Add(string version, OnlineQualityTotals totals)
    {
        var pending = _pending.GetOrAdd(version, _ => new Unreported());
        lock (pending) pending.Totals = pending.Totals.Plus(totals);
    }

    /// <summary>What was measured per version since the last call; a failed report is handed back with <see cref="Add"/>.</summary>
    public IReadOnlyList<(string Version, OnlineQualityTotals Totals)> TakeUnreported()
    {
        var taken = new List<(string, OnlineQualityTotals)>();
        foreach (var (version, pending) in _pending)
        {
            OnlineQualityTotals totals;
            lock (pending)
            {
                totals = pending.Totals;
                pending.Totals = OnlineQualityTotals.None;
            }
            if (totals.Events > 0) taken.Add((version, totals));
        }
        return taken;
    }

    private sealed class Unreported
    {
        public OnlineQualityTotals Totals { get; set; } = OnlineQualityTotals.None;
    }
}
