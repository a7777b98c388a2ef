using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Inference;
using Interest.ModelRegistry;
using Interest.Streaming.Producing;
using Interest.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Interest.Cluster.Tests.Rollout;

/// <summary>
/// The production shape (<see cref="ProductionCluster"/>, a cluster of its own) with a model registry: a retrained version is promoted through the admin endpoint while events flow
/// through Kafka and lookups go on, then rolled back.
/// </summary>
public sealed class RegistryRolloutTests : IAsyncLifetime
{
    private const string AdminKey = "rollout-admin-key";
    private const float Tolerance = 1e-4f;
    private readonly RolloutModels _models = new();
    private readonly TemporaryDirectory _registry = new("interest-registry-");
    private readonly ProductionCluster _cluster;

    public RegistryRolloutTests()
    {
        _cluster = new ProductionCluster("rollout", new Dictionary<string, string?>
        {
            ["ModelRegistry:Directory"] = _registry.Path,
            ["ModelRegistry:PollInterval"] = "00:00:00.200",
            ["ModelRollout:CheckInterval"] = "00:00:00.200",
            ["Users:ServedModelsRefresh"] = "00:00:00.200",
            ["Web:AdminApiKeys:0"] = AdminKey,
        }, PublishAsync);
    }

    /// <summary>v1 is published first, so it is current before any silo starts; v2 is the retrained version.</summary>
    private async Task PublishAsync(RedisServer redis)
    {
        using var store = await RedisModelRolloutStore.ConnectAsync(redis.ConnectionString, "interest:models");
        var registry = new ModelRegistry.ModelRegistry(_registry.Path, store);
        await registry.PublishAsync(_models.Save("v1", seed: 31));
        await registry.PublishAsync(_models.Save("v2", seed: 32, hiddenSize: 48));
    }

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        await Eventually.Until(() => Grains.GetGrain<IInferenceGrain>(0).Describe(), model => model.Version == "v1", TimeSpan.FromSeconds(60), "v1 served");
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _models.Dispose();
        _registry.Dispose();
    }

    private HttpClient Http => _cluster.Http;

    private IGrainFactory Grains => _cluster.Grains;

    private IInferenceEngine Engine => _cluster.Silos[0].Services.GetRequiredService<IInferenceEngine>();

    [Fact]
    public async Task A_retrained_model_rolled_out_while_events_flow_applies_every_event_once_rebuilds_every_state_and_rolls_back()
    {
        const int userCount = 60, rounds = 40;
        var random = new Random(17);
        var users = Enumerable.Range(0, userCount).Select(i => $"rollout-{i}").ToArray();
        var history = users.ToDictionary(user => user, _ => Enumerable.Range(0, rounds)
            .Select(_ => (Item: random.Next(1, TestSettings.ItemCount + 1), Type: (ClickEventType)random.Next(0, 4))).ToArray());

        using var stopLookups = new CancellationTokenSource();
        var lookupFailures = new ConcurrentBag<string>();
        int lookups = 0;
        var lookingUp = Task.Run(async () =>
        {
            int next = 0;
            while (!stopLookups.IsCancellationRequested)
            {
                string user = users[next++ % users.Length];
                var response = await Http.GetAsync($"/users/{user}/recommendations?k=10");
                Interlocked.Increment(ref lookups);
                if (response.StatusCode != HttpStatusCode.OK) lookupFailures.Add($"{user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                await Task.Delay(5);
            }
        });

        using (var producer = new ClickstreamProducer(_cluster.Kafka, _cluster.Kafka.BootstrapServers!))
        {
            for (int round = 0; round < rounds; round++)
            {
                foreach (var user in users)
                {
                    var (item, type) = history[user][round];
                    producer.Produce(new ClickEvent($"{user}-{round}", user, item, type, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                }
                if (round == 5 || round == rounds / 4)
                {
                    // Everything produced so far applied under v1, twice: the first delivery of a user has no list to
                    // measure against, the later ones measure v1's, so both versions' online quality is counted.
                    int produced = round + 1;
                    await Eventually.Until(() => StatesAsync(users), states => states.Values.All(state => state.EventCount == produced && state.ModelVersion == "v1"),
                        TimeSpan.FromSeconds(60), $"every user's first {produced} events applied under v1");
                }
                if (round == rounds / 4)
                {
                    var promoted = await Admin().PostAsync("/admin/models/v2/promote", null);
                    Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
                }
                await Task.Delay(100);
            }
            Assert.True(producer.Flush(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, producer.DeliveryErrors);
        }

        var rolledOut = await Eventually.Until(() => StatesAsync(users),
            states => states.Values.All(state => state.EventCount == rounds && state.ModelVersion == "v2"),
            TimeSpan.FromSeconds(90), "every event applied and every user on v2");
        foreach (var user in users)
        {
            Assert.Equal(rounds, rolledOut[user].EventCount);
            AssertEncodes(history[user], "v2", rolledOut[user]);
        }
        var served = await Http.GetFromJsonAsync<JsonElement>("/models");
        Assert.Equal("v2", served.GetProperty("current").GetProperty("model").GetProperty("version").GetString());

        var rolledBack = await Admin().PostAsync("/admin/models/rollback", null);
        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        var restored = await Eventually.Until(() => StatesAsync(users), states => states.Values.All(state => state.ModelVersion == "v1"),
            TimeSpan.FromSeconds(60), "every user back on v1");
        foreach (var user in users)
        {
            Assert.Equal(rounds, restored[user].EventCount);
            AssertEncodes(history[user], "v1", restored[user]);
        }
        // The web tier's lookups serve the v1 lists again.
        foreach (var user in users.Take(10))
        {
            var lookup = await Eventually.Until(() => Http.GetFromJsonAsync<UserRecommendations>($"/users/{user}/recommendations?k=10"),
                list => list!.ModelVersion == "v1", TimeSpan.FromSeconds(10), $"{user}'s v1 list from the web tier");
            Assert.Equal(restored[user].Recommendations.Take(10).Select(item => item.ItemId), lookup!.Items.Select(item => item.ItemId));
        }

        await stopLookups.CancelAsync();
        await lookingUp;
        Assert.True(lookups > 50, $"only {lookups} lookups ran");
        Assert.Empty(lookupFailures);

        // Each version's online quality is measured on the events its lists were served for.
        var registry = await Eventually.Until(() => Admin().GetFromJsonAsync<JsonElement>("/admin/models"),
            view => view.GetProperty("versions").EnumerateArray().All(v => v.GetProperty("onlineQuality").GetProperty("events").GetInt64() > 0),
            TimeSpan.FromSeconds(15), "online quality for both versions");
        Assert.Equal("v1", registry.GetProperty("rollout").GetProperty("current").GetString());
    }

    [Fact]
    public async Task Admin_endpoints_need_an_admin_key_and_refuse_what_the_registry_refuses()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.PostAsync("/admin/models/v2/promote", null)).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/models")).StatusCode);

        var unknown = await Admin().PostAsync("/admin/models/v9/promote", null);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("v9", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin().PostAsync("/admin/models/v2/candidate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin().PostAsync("/admin/models/rollback", null)).StatusCode);

        var canary = await Admin().PostAsync("/admin/models/v2/candidate?share=0.25", null);
        Assert.Equal(HttpStatusCode.OK, canary.StatusCode);
        var served = await Eventually.Until(() => Grains.GetGrain<IInferenceGrain>(0).GetServedModels(),
            models => models.Candidate?.Version == "v2", TimeSpan.FromSeconds(10), "v2 served as the candidate");
        Assert.Equal(0.25, served.CanaryShare);
        Assert.Equal(HttpStatusCode.OK, (await Admin().DeleteAsync("/admin/models/candidate")).StatusCode);
        await Eventually.Until(() => Grains.GetGrain<IInferenceGrain>(0).GetServedModels(),
            models => models.Candidate is null, TimeSpan.FromSeconds(10), "the candidate withdrawn");
    }

    [Fact]
    public async Task A_corrupt_file_promoted_in_the_registry_is_refused_and_the_served_version_keeps_serving()
    {
        long refusals = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "interest.models.load_failures") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "model_version" && (string?)tag.Value == "v2") Interlocked.Add(ref refusals, value);
            }
        });
        listener.Start();
        string file = Path.Combine(_registry.Path, "v2.model");
        byte[] good = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, good[..(good.Length / 2)]);

        Assert.Equal(HttpStatusCode.OK, (await Admin().PostAsync("/admin/models/v2/promote", null)).StatusCode);
        await Eventually.Until(() => Interlocked.Read(ref refusals) > 0, TimeSpan.FromSeconds(10), () => "the truncated v2 refused");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Interlocked.Read(ref refusals));
        Assert.Equal("v1", Engine.Served.Current.Version);
        var applied = await Grains.GetGrain<IUserGrain>("corrupt-rollout").ApplyEvents(
            [new DeliveredEvent(new ClickEvent("corrupt-0", "corrupt-rollout", 3, ClickEventType.Click, 1_700_000_000_000), 0, 0)]);
        Assert.Equal(1, applied.Applied);
        Assert.Equal("v1", (await Grains.GetGrain<IUserGrain>("corrupt-rollout").GetState()).ModelVersion);

        // Once the file is whole again the silo tries it again.
        await File.WriteAllBytesAsync(file, good);
        await Eventually.Until(() => Grains.GetGrain<IInferenceGrain>(0).Describe(), model => model.Version == "v2", TimeSpan.FromSeconds(10), "v2 served");
    }

    private HttpClient Admin()
    {
        var admin = new HttpClient { BaseAddress = Http.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return admin;
    }

    private async Task<Dictionary<string, UserStateSnapshot>> StatesAsync(string[] users)
    {
        var states = await Task.WhenAll(users.Select(user => Grains.GetGrain<IUserGrain>(user).GetState()));
        return users.Zip(states).ToDictionary(pair => pair.First, pair => pair.Second);
    }

    private void AssertEncodes((int Item, ClickEventType Type)[] events, string version, UserStateSnapshot state)
    {
        var window = events.TakeLast(InterestLimits.RecentItemsKept).ToArray();
        var offline = Engine.EncodeSequence(window.Select(e => e.Item).ToArray(), window.Select(e => e.Type).ToArray(), [], state.Recommendations.Length, version);
        Assert.Equal(offline.Hidden.Length, state.Hidden.Length);
        float worst = offline.Hidden.Concat(offline.Cell).Concat(offline.LongTerm)
            .Zip(state.Hidden.Concat(state.Cell).Concat(state.LongTerm), (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance, $"{state.ModelVersion} state differs from the offline encoding by {worst}");
        Assert.Equal(offline.TopItems.Select(i => i.ItemId), state.Recommendations.Select(i => i.ItemId));
    }
}
