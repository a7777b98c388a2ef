using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Interest.Cluster.Tests.Fixtures;
using Interest.Testing;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class MetricsTests(ProductionCluster shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_after_events_show_ingestion_batches_and_lookups_by_source()
    {
        const string user = "metrics-user-1";
        int[] items = [21, 22, 23];
        foreach (int item in items)
        {
            var posted = await shared.Http.PostAsJsonAsync("/events", new { userId = user, itemId = item, type = "view" });
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }
        // Polls until the user grain has applied them and published its list; once it has, the lookups come from the store.
        await Eventually.Until(() => shared.Http.GetFromJsonAsync<JsonElement>($"/users/{user}/recommendations?k=5"),
            json => json.GetProperty("eventCount").GetInt64() == items.Length, Timeout, "the posted events to be applied");
        Assert.Equal(HttpStatusCode.OK, (await shared.Http.GetAsync($"/users/{user}/recommendations?k=5")).StatusCode);

        using var client = new HttpClient();
        string siloMetrics = $"http://127.0.0.1:{shared.ManagementPort}/metrics";
        var silo = await Eventually.Until(() => Scrape(client, siloMetrics, Operator()),
            text => Sum(text, "interest_streaming_delivered_total") >= items.Length && text.Contains("interest_streaming_lag{", StringComparison.Ordinal),
            Timeout, "the silo's metrics to count the applied events and show the consumers' lag");
        Assert.Contains("messaging_destination_partition_id=", silo);
        Assert.True(Sum(silo, "interest_streaming_consumed_total") >= items.Length);
        Assert.True(Sum(silo, "interest_inference_batch_size_count") > 0);
        Assert.True(Sum(silo, "interest_inference_batch_duration_seconds_count") > 0);
        Assert.True(Sum(silo, "interest_inference_queue_duration_seconds_count") > 0);
        Assert.True(Sum(silo, "interest_recommendations_freshness_seconds_count") >= items.Length);
        Assert.True(Sum(silo, "interest_users_active") > 0);
        Assert.Contains("orleans_", silo);
        Assert.Contains("dotnet_gc_", silo);

        var web = await Scrape(client, $"{ProductionCluster.AddressOf(shared.Web)}/metrics", ApiKey());
        Assert.True(Sum(web, "interest_lookups_total", "source=\"store\"") > 0);
        Assert.True(Sum(web, "interest_lookup_duration_seconds_count", "source=\"store\"") > 0);
        Assert.True(Sum(web, "http_server_request_duration_seconds_count") > 0);
    }

    [Fact]
    public async Task Online_hit_rate_counts_an_event_whose_item_was_first_in_the_served_list()
    {
        const string user = "metrics-online-user";
        var posted = await shared.Http.PostAsJsonAsync("/events", new { userId = user, itemId = 50, type = "view" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var served = await Eventually.Until(() => shared.Http.GetFromJsonAsync<JsonElement>($"/users/{user}/recommendations?k=10"),
            json => json.GetProperty("eventCount").GetInt64() == 1, Timeout, "the first event to be applied");
        int first = served.GetProperty("items")[0].GetProperty("itemId").GetInt32();

        using var client = new HttpClient();
        string siloMetrics = $"http://127.0.0.1:{shared.ManagementPort}/metrics";
        const string version = "model_version=\"untrained-seed-7\"";
        var before = await Scrape(client, siloMetrics, Operator());
        posted = await shared.Http.PostAsJsonAsync("/events", new { userId = user, itemId = first, type = "click" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Eventually.Until(() => shared.Http.GetFromJsonAsync<JsonElement>($"/users/{user}/recommendations?k=10"),
            json => json.GetProperty("eventCount").GetInt64() == 2, Timeout, "the second event to be applied");

        var after = await Eventually.Until(() => Scrape(client, siloMetrics, Operator()),
            text => Sum(text, "interest_online_hits_total", version) > Sum(before, "interest_online_hits_total", version),
            Timeout, "the hit to be counted");
        Assert.True(Sum(after, "interest_online_events_total", version) > Sum(before, "interest_online_events_total", version));
        // Rank 1: a gain of 1/log2(2) = 1.
        Assert.True(Sum(after, "interest_online_ndcg_gain_total", version) - Sum(before, "interest_online_ndcg_gain_total", version) >= 1 - 1e-9);
    }

    [Fact]
    public async Task Metrics_are_refused_without_credentials()
    {
        using var client = new HttpClient();
        string web = $"{ProductionCluster.AddressOf(shared.Web)}/metrics";
        string management = $"http://127.0.0.1:{shared.ManagementPort}/metrics";

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(web)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, web, new AuthenticationHeaderValue("ApiKey", "wrong-key"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{ProductionCluster.AddressOf(shared.Web)}/health")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(management)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, management, Basic("operator:wrong"))).StatusCode);
        // Only on the management port: the silos' main ports do not serve it at all.
        Assert.Equal(HttpStatusCode.NotFound, (await Send(client, $"{ProductionCluster.AddressOf(shared.Silos[0])}/metrics", Operator())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ProductionCluster.AddressOf(shared.Silos[1])}/metrics")).StatusCode);
    }

    private static AuthenticationHeaderValue Operator() => Basic($"operator:{ProductionCluster.OperatorPassword}");

    private static AuthenticationHeaderValue ApiKey() => new("ApiKey", ProductionCluster.ApiKey);

    private static AuthenticationHeaderValue Basic(string credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

    private static Task<HttpResponseMessage> Send(HttpClient client, string url, AuthenticationHeaderValue authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        return client.SendAsync(request);
    }

    private static async Task<string> Scrape(HttpClient client, string url, AuthenticationHeaderValue authorization)
    {
        var response = await Send(client, url, authorization);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples in the Prometheus text format, over the series that carry <paramref name="label"/>.</summary>
    private static double Sum(string exposition, string metric, string? label = null)
    {
        double sum = 0;
        foreach (string line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal)) continue;
            string rest = line[metric.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' ')) continue;
            if (label is not null && !rest.Contains(label, StringComparison.Ordinal)) continue;
            string[] fields = rest[(rest.LastIndexOf('}') + 1)..].Trim().Split(' ');
            sum += double.Parse(fields[0], CultureInfo.InvariantCulture);
        }
        return sum;
    }
}
