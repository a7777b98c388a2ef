using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interest.Cluster.Tests.Fixtures;
using Interest.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class ApiKeyTests(ProductionCluster shared)
{
    [Theory]
    [InlineData("/users/someone/recommendations")]
    [InlineData("/users/someone/interest")]
    [InlineData("/items/3/similar")]
    [InlineData("/openapi/v1.json")]
    public async Task Requests_without_a_valid_key_get_401_with_a_problem_body(string url)
    {
        using var anonymous = new HttpClient { BaseAddress = shared.Http.BaseAddress };
        await AssertUnauthorized(await anonymous.GetAsync(url));

        using var wrongKey = new HttpClient { BaseAddress = shared.Http.BaseAddress };
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", ProductionCluster.ApiKey + "x");
        await AssertUnauthorized(await wrongKey.GetAsync(url));
    }

    [Fact]
    public async Task The_update_stream_refuses_a_caller_without_a_key_with_a_problem_body_whatever_it_accepts()
    {
        using var anonymous = new HttpClient { BaseAddress = shared.Http.BaseAddress };
        anonymous.DefaultRequestHeaders.Accept.ParseAdd("text/event-stream");
        await AssertUnauthorized(await anonymous.GetAsync("/users/someone/updates"));
    }

    [Fact]
    public async Task Posting_an_event_without_a_key_is_refused_and_produces_nothing()
    {
        using var anonymous = new HttpClient { BaseAddress = shared.Http.BaseAddress };
        await AssertUnauthorized(await anonymous.PostAsJsonAsync("/events", new { userId = "intruder", itemId = 3, type = "view" }));

        await Task.Delay(500);
        Assert.Equal(0, (await shared.Grains.GetGrain<Interest.Abstractions.IUserGrain>("intruder").GetState()).EventCount);
    }

    [Fact]
    public async Task The_authorization_header_form_is_accepted_and_health_needs_no_key()
    {
        using var client = new HttpClient { BaseAddress = shared.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", ProductionCluster.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/users/someone/recommendations?k=3")).StatusCode);

        using var anonymous = new HttpClient { BaseAddress = shared.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_web_tier_without_keys_refuses_to_start_and_says_why()
    {
        var app = WebTier.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:Gateways"] = "127.0.0.1:1" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("API key", error.Message);
        await app.DisposeAsync();
    }

    private static async Task AssertUnauthorized(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }
}
