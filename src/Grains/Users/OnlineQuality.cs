using System.Diagnostics.Metrics;
using Interest.Abstractions;

namespace Interest.Grains.Users;

/// <summary>
/// Online next-item quality of the lists actually served: for each applied event of a user who had a personalised
/// list, was the event's item in that list's top <see cref="K"/> (HR@10), and at which rank (NDCG@10 gain
/// 1/log2(rank+1)). The list is the one published before the event's delivery, which is what lookups served while
/// the event happened. Counted per model version on the meter <see cref="UserMetrics.MeterName"/>: HR@10 =
/// hits / events, NDCG@10 = gain / events over any window. The same counts wait here until the silo reports them to
/// the version's <see cref="IModelQualityGrain"/> (<see cref="OnlineQualityLedger"/>), for the cluster-wide totals.
/// </summary>
public static class OnlineQuality
{
    public const int K = 10;
    public const string ModelVersionTag = "model_version";

    private static readonly Counter<long> Events = UserMetrics.Meter.CreateCounter<long>(
        "interest.online.events", "{event}", "Applied events whose user had a personalised list: the denominator of online HR@10 and NDCG@10.");

    private static readonly Counter<long> Hits = UserMetrics.Meter.CreateCounter<long>(
        "interest.online.hits", "{event}", "Applied events whose item was in the user's served top 10.");

    private static readonly Counter<double> Gain = UserMetrics.Meter.CreateCounter<double>(
        "interest.online.ndcg_gain", "{gain}", "Sum over applied events of 1/log2(rank+1) of the item in the user's served top 10 (0 when absent).");

    /// <summary>The 1-based rank of each item in the top <see cref="K"/> of <paramref name="served"/>, 0 when absent.</summary>
    public static int[] Ranks(ScoredItem[] served, IReadOnlyList<DeliveredEvent> events)
    {
        var ranks = new int[events.Count];
        int top = Math.Min(K, served.Length);
        for (int e = 0; e < events.Count; e++)
        {
            for (int r = 0; r < top; r++)
            {
                if (served[r].ItemId != events[e].Event.ItemId) continue;
                ranks[e] = r + 1;
                break;
            }
        }
        return ranks;
    }

    /// <summary>Counts <paramref name="ranks"/> on the meter and in this silo's <paramref name="ledger"/>.</summary>
    public static void Record(OnlineQualityLedger ledger, string modelVersion, IEnumerable<int> ranks)
    {
        var tag = new KeyValuePair<string, object?>(ModelVersionTag, modelVersion);
        long events = 0, hits = 0;
        double gain = 0;
        foreach (int rank in ranks)
        {
            Events.Add(1, tag);
            events++;
            if (rank == 0) continue;
            double rankGain = 1 / Math.Log2(rank + 1);
            Hits.Add(1, tag);
            Gain.Add(rankGain, tag);
            hits++;
            gain += rankGain;
        }
        ledger.Add(modelVersion, new OnlineQualityTotals(events, hits, gain));
    }
}
