using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Streaming.Codec;
using Interest.Streaming.Consuming;
using Interest.Streaming.Producing;
using Interest.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Interest.Cluster.Tests.EndToEnd;

/// <summary>
/// The catalogue that ingestion and the web tier validate item ids against is the served model's, with no catalogue
/// setting anywhere: the test model has <see cref="TestSettings.ItemCount"/> items, far fewer than any default.
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class ServedCatalogTests(ProductionCluster shared)
{
    private const int BeyondTheModel = TestSettings.ItemCount + 1;

    // Beyond the test model but inside the trained model's catalogue (the old default): only the served size refuses it.
    private const int FarBeyondTheModel = 20_000;

    [Fact]
    public async Task An_item_above_the_served_catalogue_is_dead_lettered_and_the_events_around_it_are_applied()
    {
        Assert.DoesNotContain(TestSettings.Base(null, "any").Keys, key => key.Contains("CatalogItemCount", StringComparison.OrdinalIgnoreCase));
        Assert.All(shared.Silos, silo => Assert.Null(silo.Services.GetRequiredService<IConfiguration>()["Kafka:CatalogItemCount"]));
        var served = await shared.Grains.GetGrain<IInferenceGrain>(0).GetServedModels();
        Assert.Equal(TestSettings.ItemCount, served.LargestItemCount);
        Assert.All(shared.Silos, silo => Assert.Equal(TestSettings.ItemCount, silo.Services.GetRequiredService<IServedCatalog>().ItemCount));

        const string user = "served-catalogue-user";
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var beyond = new[] { BeyondTheModel, FarBeyondTheModel }.Select((item, i) => new ClickEvent($"{user}-beyond-{i}", user, item, ClickEventType.View, now)).ToArray();
        using (var producer = new ClickstreamProducer(shared.Kafka, shared.Kafka.BootstrapServers!))
        {
            await producer.ProduceAsync(new ClickEvent($"{user}-0", user, 1, ClickEventType.View, now));
            await producer.ProduceAsync(beyond[0]);
            await producer.ProduceAsync(new ClickEvent($"{user}-1", user, TestSettings.ItemCount, ClickEventType.Cart, now));
            await producer.ProduceAsync(beyond[1]);
            await producer.ProduceAsync(new ClickEvent($"{user}-2", user, 3, ClickEventType.Purchase, now));
        }

        var grain = shared.Grains.GetGrain<IUserGrain>(user);
        await Eventually.Until(grain.GetState, s => s.EventCount == 3, TimeSpan.FromSeconds(60), "the events around the unknown items");
        Assert.Equal([1, TestSettings.ItemCount, 3], (await grain.GetRecentEvents()).Select(e => e.ItemId));

        var deadLetters = DeadLetterReader.Read(shared.Kafka, key => key == user, beyond.Length);
        Assert.Equal(beyond.Select(e => ClickEventJson.Serialize(e)), deadLetters.Select(d => d.Value));
        Assert.All(deadLetters, d => Assert.Equal(ClickEventRejectReasons.ItemOutOfCatalog, d.Reason));
    }

    [Fact]
    public async Task The_web_tier_refuses_an_item_above_the_served_catalogue_with_a_problem_body()
    {
        foreach (int item in new[] { BeyondTheModel, FarBeyondTheModel })
        {
            var response = await shared.Http.PostAsJsonAsync("/events", new { userId = "web-catalogue-user", itemId = item, type = "view" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(ClickEventRejectReasons.ItemOutOfCatalog, problem.GetProperty("code").GetString());
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
        }

        var accepted = await shared.Http.PostAsJsonAsync("/events", new { userId = "web-catalogue-user", itemId = TestSettings.ItemCount, type = "view" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var similar = await shared.Http.GetAsync($"/items/{BeyondTheModel}/similar");
        Assert.Equal(HttpStatusCode.BadRequest, similar.StatusCode);
    }
}
