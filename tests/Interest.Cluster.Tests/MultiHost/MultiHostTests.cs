using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Interest.Abstractions;
using Interest.Cluster.Tests.Faults;
using Interest.Cluster.Tests.Fixtures.Networking;
using Interest.Streaming.Producing;
using Interest.Testing;
using Xunit.Abstractions;

namespace Interest.Cluster.Tests.MultiHost;

/// <summary>
/// The compose topology with every service on a host of its own (Linux network namespaces on a private bridge): the
/// cluster forms over real, non-loopback addresses, and survives one ingest host being cut off the network.
/// </summary>
[Collection(MultiHostCollection.Name)]
[Trait("Category", "MultiHost")]
public sealed class MultiHostTests(ITestOutputHelper output)
{
    /// <summary>Membership and consumer-group timings short enough to see a partition heal within a test.</summary>
    private static readonly Dictionary<string, string> QuickFailureDetection = new()
    {
        ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["Orleans:Membership:NumMissedProbesLimit"] = "2",
        ["Orleans:Membership:NumVotesForDeathDeclaration"] = "1",
        ["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:05",
        // A silo cut off and back reads that it was declared dead at its next table refresh (default a minute).
        ["Orleans:Membership:TableRefreshTimeout"] = "00:00:10",
        ["Orleans:Messaging:ResponseTimeout"] = "00:00:10",
        ["Kafka:Client:session.timeout.ms"] = "6000",
        ["Kafka:Client:heartbeat.interval.ms"] = "1500",
    };

    [Fact]
    public async Task Silos_on_separate_hosts_form_a_cluster_over_their_network_addresses_and_serve_lookups_through_the_web_tier()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await MultiHostCluster.StartAsync("multi-host", QuickFailureDetection);
        double startedAt = clock.Elapsed.TotalSeconds;
        var siloHosts = new[] { cluster.Inference }.Concat(cluster.Ingest).Select(p => p.Host.Address).ToHashSet();

        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var members = await Eventually.Until(() => management.GetDetailedHosts(onlyActive: true),
            m => m.Length == siloHosts.Count, TimeSpan.FromSeconds(30), $"{siloHosts.Count} active silos");
        foreach (var member in members)
        {
            var address = member.SiloAddress.Endpoint.Address;
            Assert.False(IPAddress.IsLoopback(address), $"{member.SiloName} advertises loopback {address}");
            Assert.Contains(address, siloHosts);
        }
        Assert.Equal(siloHosts.OrderBy(a => a.ToString()), members.Select(m => m.SiloAddress.Endpoint.Address).OrderBy(a => a.ToString()));

        const int users = 40, perUser = 5;
        using (var producer = new ClickstreamProducer(cluster.Kafka, cluster.Kafka.BootstrapServers!))
        {
            for (int i = 0; i < perUser; i++)
            {
                for (int u = 0; u < users; u++)
                {
                    producer.Produce(new ClickEvent($"mh-{u}-{i}", $"mh-user-{u}", 1 + (u * 7 + i) % 500, (ClickEventType)(i % 4), 1_700_000_000_000 + i));
                }
            }
            Assert.True(producer.Flush(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, producer.DeliveryErrors);
        }
        var ids = Enumerable.Range(0, users).Select(u => $"mh-user-{u}").ToArray();
        var states = await Eventually.Until(() => Task.WhenAll(ids.Select(u => cluster.Grains.GetGrain<IUserGrain>(u).GetState())),
            all => all.All(s => s.EventCount == perUser), TimeSpan.FromSeconds(60), $"{users * perUser} events to be applied");

        var userGrains = (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("UserGrain", StringComparison.Ordinal) && s.ActivationCount > 0)
            .GroupBy(s => s.SiloAddress.Endpoint.Address)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        foreach (var ingest in cluster.Ingest)
        {
            Assert.True(userGrains.GetValueOrDefault(ingest.Host.Address) > 0,
                $"no user grain on {ingest.Name} ({ingest.Host.Address}); user grains by silo: {string.Join(", ", userGrains)}");
        }

        int lookups = 0;
        foreach (var (user, state) in ids.Zip(states))
        {
            using var response = await cluster.Http.GetAsync($"/users/{user}/recommendations?k=5");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var list = await response.Content.ReadFromJsonAsync<UserRecommendations>(JsonSerializerOptions.Web);
            Assert.Equal(user, list!.UserId);
            Assert.Equal(perUser, list.EventCount);
            Assert.Equal(state.Recommendations.Take(5).Select(i => i.ItemId), list.Items.Select(i => i.ItemId));
            lookups++;
        }
        using (var anonymous = new HttpClient { BaseAddress = cluster.Http.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/users/{ids[0]}/recommendations")).StatusCode);
        }

        var report = new
        {
            Scenario = "multi-host",
            Silos = members.Select(m => new { m.SiloName, Address = m.SiloAddress.Endpoint.ToString(), Roles = m.RoleName }).ToArray(),
            UserGrainsBySilo = userGrains.ToDictionary(p => p.Key.ToString(), p => p.Value),
            EventsApplied = states.Sum(s => s.EventCount),
            Lookups = lookups,
            StartSeconds = startedAt,
            TotalSeconds = clock.Elapsed.TotalSeconds,
        };
        output.WriteLine(JsonSerializer.Serialize(report));
        WriteArtifact("multi-host", report);
    }

    [Fact]
    public async Task An_ingest_host_cut_off_the_network_is_declared_dead_its_partitions_move_and_nothing_is_lost_or_applied_twice()
    {
        await using var cluster = await MultiHostCluster.StartAsync("partition", QuickFailureDetection);
        var victim = cluster.Ingest[^1];
        var survivors = cluster.Ingest.Where(p => p != victim).ToList();
        await Eventually.Until(() => Task.FromResult(cluster.Ingest.All(p => OwnedPartitions(p.Log, cluster.Kafka.Topic).Count > 0)),
            all => all, TimeSpan.FromSeconds(30), "both ingest silos to own partitions");
        var victimRow = Assert.Single(await cluster.ReadMembershipAsync(), r => r.IsOn(victim.Host.Address) && r.Status == SiloStatus.Active);

        var lookups = new ConcurrentDictionary<int, int>();
        var serverErrors = new ConcurrentQueue<string>();
        using var stopLookups = new CancellationTokenSource();
        var looking = LookUpContinuouslyAsync(cluster, "partition", lookups, serverErrors, stopLookups.Token);

        double declaredDeadAfter = 0, partitionsMovedAfter = 0, cutOffFor = 0;
        int victimLogAtReconnect = 0;
        var sinceReconnect = new Stopwatch();
        FaultReport report;
        try
        {
            report = await FaultScenario.RunAsync(cluster, "partition", async () =>
            {
                var cut = Stopwatch.StartNew();
                cluster.Network.LinkDown(victim.Host);
                await Eventually.Until(cluster.ReadMembershipAsync,
                    rows => rows.Any(r => r.SiloAddress == victimRow.SiloAddress && r.Status == SiloStatus.Dead), TimeSpan.FromSeconds(60),
                    $"{victim.Name} to be declared dead");
                declaredDeadAfter = cut.Elapsed.TotalSeconds;
                await Eventually.Until(() => Task.FromResult(survivors.Sum(s => OwnedPartitions(s.Log, cluster.Kafka.Topic).Count)),
                    owned => owned == cluster.Kafka.Partitions, TimeSpan.FromSeconds(60), $"the survivors to own all {cluster.Kafka.Partitions} partitions");
                partitionsMovedAfter = cut.Elapsed.TotalSeconds;
                // Longer than membership and the consumer group need, with the victim still believing it owns work.
                await Task.Delay(TimeSpan.FromSeconds(2));
                victimLogAtReconnect = victim.Log.Length;
                cluster.Network.LinkUp(victim.Host);
                sinceReconnect.Start();
                cutOffFor = cut.Elapsed.TotalSeconds;
            });
        }
        finally
        {
            await stopLookups.CancelAsync();
            await looking;
        }

        // A silo that learns it was declared dead stops itself rather than serve as a zombie.
        await Eventually.Until(() => Task.FromResult(victim.IsRunning), running => !running, TimeSpan.FromSeconds(30),
            $"{victim.Name}, declared dead, to stop; log tail:\n{victim.Tail()}");
        double stoppedAfterReconnect = sinceReconnect.Elapsed.TotalSeconds;
        string afterReconnect = victim.Log[victimLogAtReconnect..];
        // Stopped by Orleans itself (it reads the table, finds itself dead and fails fast), not by anything else.
        Assert.Contains("I have been told I am dead", afterReconnect, StringComparison.Ordinal);
        Assert.DoesNotContain("Partitions assigned:", afterReconnect, StringComparison.Ordinal);
        var membership = await cluster.ReadMembershipAsync();
        Assert.DoesNotContain(membership, r => r.IsOn(victim.Host.Address) && r.Status != SiloStatus.Dead);

        Assert.True(report.DuplicatesSkipped > 0, $"no redelivery was skipped, so the partition tested nothing: {report}");
        Assert.True(serverErrors.IsEmpty, $"{serverErrors.Count} lookups failed with 5xx: {string.Join("; ", serverErrors.Take(5))}");
        Assert.True(lookups.GetValueOrDefault(200) > 0, $"no lookup answered 200: {string.Join(", ", lookups)}");

        var measured = new
        {
            Fault = report,
            Victim = victim.Name,
            VictimExitCode = victim.ExitCode,
            VictimOutcome = "declared dead and stopped",
            DeclaredDeadAfterSeconds = declaredDeadAfter,
            SurvivorsOwnedAllPartitionsAfterSeconds = partitionsMovedAfter,
            CutOffForSeconds = cutOffFor,
            VictimStoppedWithinSecondsOfReconnect = stoppedAfterReconnect,
            LookupsByStatus = lookups.ToDictionary(p => p.Key.ToString(), p => p.Value),
        };
        output.WriteLine(JsonSerializer.Serialize(measured));
        WriteArtifact("partition", measured);
    }

    /// <summary>Reads users through the web tier as fast as it answers, counting answers by status, until cancelled.</summary>
    private static async Task LookUpContinuouslyAsync(MultiHostCluster cluster, string scenario, ConcurrentDictionary<int, int> byStatus,
        ConcurrentQueue<string> serverErrors, CancellationToken stop)
    {
        for (int i = 0; !stop.IsCancellationRequested; i++)
        {
            string user = $"{scenario}-user-{i % 80}";
            try
            {
                using var response = await cluster.Http.GetAsync($"/users/{user}/recommendations?k=5", stop);
                int status = (int)response.StatusCode;
                byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status >= 500) serverErrors.Enqueue($"{user}: {status} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                serverErrors.Enqueue($"{user}: {e.Message}");
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>The partitions of <paramref name="topic"/> a silo's consumer holds, replayed from its log.</summary>
    private static HashSet<int> OwnedPartitions(string log, string topic)
    {
        var owned = new HashSet<int>();
        var partition = new Regex($@"(?<![\w-]){Regex.Escape(topic)}\[(\d+)\]");
        foreach (string line in log.Split('\n'))
        {
            int assigned = line.IndexOf("Partitions assigned:", StringComparison.Ordinal);
            int revoked = Math.Max(line.IndexOf("Partitions revoked:", StringComparison.Ordinal), line.IndexOf("Partitions lost:", StringComparison.Ordinal));
            if (assigned >= 0)
            {
                foreach (Match m in partition.Matches(line[assigned..])) owned.Add(int.Parse(m.Groups[1].Value));
            }
            else if (revoked >= 0)
            {
                string listed = line[revoked..].Split(';')[0];
                foreach (Match m in partition.Matches(listed)) owned.Remove(int.Parse(m.Groups[1].Value));
            }
        }
        return owned;
    }

    private static void WriteArtifact(string name, object report)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Interest.sln"))) continue;
            string folder = Path.Combine(dir.FullName, "artifacts", "reliability");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{name}.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
    }
}

/// <summary>Not in parallel with anything: these tests start five processes and move a consumer group around.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiHostCollection
{
    public const string Name = "multi-host";
}
