using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Interest.Cluster.Tests.Fixtures;
using Interest.Testing;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class WebTierTests(ProductionCluster shared)
{
    private HttpClient Http => shared.Http;

    [Fact]
    public async Task Events_posted_to_the_web_tier_reach_the_user_and_change_the_recommendations()
    {
        const string user = "web-user-1";
        var cold = await GetJson($"/users/{user}/recommendations?k=5");
        Assert.False(cold.GetProperty("personalised").GetBoolean());

        int[] items = [11, 12, 13, 14, 15];
        foreach (var (item, i) in items.Select((item, i) => (item, i)))
        {
            var response = await Http.PostAsJsonAsync("/events", new { userId = user, itemId = item, type = i % 2 == 0 ? "view" : "purchase" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var warm = await Eventually.Until(() => GetJson($"/users/{user}/recommendations?k=5"),
            json => json.GetProperty("eventCount").GetInt64() == items.Length, TimeSpan.FromSeconds(60), "the posted events to be applied");
        Assert.True(warm.GetProperty("personalised").GetBoolean());
        var recommended = warm.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("itemId").GetInt32()).ToArray();
        Assert.Equal(5, recommended.Length);
        Assert.Empty(recommended.Intersect(items));

        var interest = await GetJson($"/users/{user}/interest?k=3");
        Assert.Equal(items, interest.GetProperty("recentEvents").EnumerateArray().Select(e => e.GetProperty("itemId").GetInt32()));
        Assert.Equal(["view", "purchase", "view", "purchase", "view"], interest.GetProperty("recentEvents").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(3, interest.GetProperty("shortTerm").GetArrayLength());
        Assert.Equal(3, interest.GetProperty("longTerm").GetArrayLength());
    }

    [Fact]
    public async Task A_retried_post_with_the_same_event_id_is_applied_once()
    {
        const string user = "web-retrying-user";
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var retry = await Http.PostAsJsonAsync("/events", new { userId = user, itemId = 21, type = "cart", eventId = "web-retry-1" });
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }
        var next = await Http.PostAsJsonAsync("/events", new { userId = user, itemId = 22, type = "view", eventId = "web-retry-2" });
        Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);

        // The last event is applied after the retries (one partition per user, in order), so once it is in, they are too.
        var interest = await Eventually.Until(() => GetJson($"/users/{user}/interest?k=3"),
            json => json.GetProperty("recentEvents").EnumerateArray().Any(e => e.GetProperty("itemId").GetInt32() == 22),
            TimeSpan.FromSeconds(60), "the last posted event to be applied");
        Assert.Equal(2, interest.GetProperty("eventCount").GetInt64());
        Assert.Equal([21, 22], interest.GetProperty("recentEvents").EnumerateArray().Select(e => e.GetProperty("itemId").GetInt32()));
    }

    [Fact]
    public async Task Similar_items_are_the_nearest_by_embedding()
    {
        var similar = await GetJson("/items/7/similar?k=4");
        var items = similar.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(4, items.Length);
        Assert.DoesNotContain(items, e => e.GetProperty("itemId").GetInt32() == 7);
        var scores = items.Select(e => e.GetProperty("score").GetSingle()).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    public static TheoryData<string> BadLookups => new()
    {
        $"/users/{new string('x', 129)}/recommendations",
        "/users/bad%01id/recommendations",
        "/users/%20%20/recommendations",
        "/users/ok-user/recommendations?k=0",
        "/users/ok-user/recommendations?k=100000",
        "/users/ok-user/recommendations?k=abc",
        "/users/ok-user/interest?k=-3",
        "/items/0/similar",
        "/items/abc/similar",
        $"/items/{TestSettings.ItemCount + 1}/similar",
        "/items/5/similar?k=501",
    };

    [Theory]
    [MemberData(nameof(BadLookups))]
    public async Task Bad_lookups_get_400_with_a_problem_body(string url)
    {
        var response = await Http.GetAsync(url);
        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    public static TheoryData<string> BadEvents => new()
    {
        "this is not json",
        "[1, 2, 3]",
        """{"userId":"","itemId":5,"type":"view"}""",
        """{"userId":"a\u0001b","itemId":5,"type":"view"}""",
        """{"userId":"u","itemId":5,"type":"teleport"}""",
        """{"userId":"u","itemId":0,"type":"view"}""",
        $$"""{"userId":"u","itemId":{{TestSettings.ItemCount + 1}},"type":"view"}""",
        """{"userId":"u","type":"view"}""",
        """{"userId":"u","itemId":5,"type":"view","timestamp":99999999999999}""",
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task Bad_events_get_400_with_a_problem_body(string body)
    {
        var response = await Http.PostAsync("/events", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_oversized_event_body_gets_413()
    {
        string body = $$"""{"userId":"u","itemId":5,"type":"view","padding":"{{new string('p', 100_000)}}"}""";
        var response = await Http.PostAsync("/events", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        string document = await Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/users/{id}/recommendations", document);
        Assert.Contains("/items/{id}/similar", document);
        Assert.Contains("/events", document);
    }

    private async Task<JsonElement> GetJson(string url)
    {
        var response = await Http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }
}
