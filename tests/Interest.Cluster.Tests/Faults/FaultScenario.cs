using System.Diagnostics;
using System.Text.Json;
using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.RecommendationStore;
using Interest.Streaming.Producing;
using Interest.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Interest.Cluster.Tests.Faults;

/// <summary>What one fault test measured; also written to artifacts/reliability/ for docs/RELIABILITY.md.</summary>
public sealed record FaultReport(
    string Scenario, int Users, long EventsProduced, long EventsApplied, long DuplicatesSkipped,
    double FaultAtSeconds, double FaultEndedAtSeconds, double ProductionEndedAtSeconds, double AllAppliedAtSeconds,
    double MaxHiddenDifference, double MaxCellDifference);

/// <summary>
/// Produces a known clickstream at a steady rate, injects a fault once a third of it is out, waits until every
/// event is applied, and compares every user's count and LSTM state with the fault-free reference.
/// </summary>
public static class FaultScenario
{
    private const float Tolerance = 1e-4f;

    public static async Task<FaultReport> RunAsync(IFaultScenarioCluster cluster, string scenario, Func<Task> injectFault,
        int users = 80, double eventsPerSecond = 600, TimeSpan? settleTimeout = null)
    {
        var random = new Random(scenario.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        var histories = Enumerable.Range(0, users).ToDictionary(
            u => $"{scenario}-user-{u}",
            u => Enumerable.Range(0, 20 + random.Next(0, 21)).Select(_ => (Item: random.Next(1, TestSettings.ItemCount + 1), Type: (ClickEventType)random.Next(0, 4))).ToArray());
        var events = Interleave(histories).ToList();

        var clock = Stopwatch.StartNew();
        using var producer = new ClickstreamProducer(cluster.Kafka, cluster.Kafka.BootstrapServers!);
        using var pacer = new ClickstreamPacer(producer, new ClickstreamPacerOptions { EventsPerSecond = eventsPerSecond });
        using var stopProducing = new CancellationTokenSource();
        var producing = pacer.RunAsync(events, cancellationToken: stopProducing.Token);
        double faultAt, faultEnded;
        try
        {
            while (producer.Produced < events.Count / 3 && !producing.IsCompleted) await Task.Delay(20);
            faultAt = clock.Elapsed.TotalSeconds;
            await injectFault();
            faultEnded = clock.Elapsed.TotalSeconds;
        }
        catch
        {
            // The producer must not be disposed under a pacer that is still producing on it.
            await stopProducing.CancelAsync();
            try { await producing; } catch (OperationCanceledException) { }
            throw;
        }

        var produced = await producing;
        Assert.True(producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, produced.DeliveryErrors);
        double productionEnded = clock.Elapsed.TotalSeconds;

        var states = await Eventually.Until(
            () => Task.WhenAll(histories.Keys.Select(u => cluster.Grains.GetGrain<IUserGrain>(u).GetState())),
            all => all.Sum(s => s.EventCount) >= events.Count,
            settleTimeout ?? TimeSpan.FromSeconds(180), $"{events.Count} events to be applied after '{scenario}'");
        double allApplied = clock.Elapsed.TotalSeconds;

        double worstHidden = 0, worstCell = 0;
        foreach (var ((user, history), state) in histories.Zip(states))
        {
            Assert.True(history.Length == state.EventCount, $"{user}: {state.EventCount} events applied, {history.Length} produced");
            var reference = cluster.Reference(history.Select(h => h.Item).ToArray(), history.Select(h => h.Type).ToArray(), state.Recommendations.Length);
            worstHidden = Math.Max(worstHidden, MaxDifference(reference.Hidden, state.Hidden));
            worstCell = Math.Max(worstCell, MaxDifference(reference.Cell, state.Cell));
        }
        Assert.True(worstHidden <= Tolerance && worstCell <= Tolerance, $"state differs from the fault-free run by {worstHidden} (h), {worstCell} (c)");
        await AssertStoreCaughtUpAsync(cluster, histories.Keys.Zip(states).ToArray());

        var report = new FaultReport(scenario, users, events.Count, states.Sum(s => s.EventCount), states.Sum(s => s.DuplicatesSkipped),
            faultAt, faultEnded, productionEnded, allApplied, worstHidden, worstCell);
        Write(report);
        return report;
    }

    /// <summary>What the web tier reads: every user's published list is the one the grain holds, despite the fault.</summary>
    private static async Task AssertStoreCaughtUpAsync(IFaultScenarioCluster cluster, (string User, UserStateSnapshot State)[] users)
    {
        await using var store = new RedisRecommendationStore(cluster.RedisConnectionString, new RecommendationStoreOptions(),
            cluster.ClientServices.GetRequiredService<Serializer<UserRecommendations>>());
        // The grain shows an update before its writes finish; the last publish may still be on its way.
        var published = await Eventually.Until(
            () => Task.WhenAll(users.Select(u => store.TryReadAsync(u.User, InterestLimits.MaxTopK))),
            all => all.Zip(users).All(p => p.First?.EventCount == p.Second.State.EventCount),
            TimeSpan.FromSeconds(30), "every user's published list to include all its events");
        foreach (var (list, (user, state)) in published.Zip(users))
        {
            Assert.True(state.Recommendations.SequenceEqual(list!.Items), $"{user}: the published list differs from the grain's");
        }
    }

    private static double MaxDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => (double)Math.Abs(e - a)).DefaultIfEmpty(0).Max();
    }

    private static IEnumerable<ClickEvent> Interleave(Dictionary<string, (int Item, ClickEventType Type)[]> histories)
    {
        int longest = histories.Values.Max(h => h.Length);
        long timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
        for (int i = 0; i < longest; i++)
        {
            foreach (var (user, history) in histories)
            {
                if (i < history.Length) yield return new ClickEvent($"{user}-{i}", user, history[i].Item, history[i].Type, timestamp++);
            }
        }
    }

    private static void Write(FaultReport report)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Interest.sln"))) continue;
            string folder = Path.Combine(dir.FullName, "artifacts", "reliability");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{report.Scenario}.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
    }
}
