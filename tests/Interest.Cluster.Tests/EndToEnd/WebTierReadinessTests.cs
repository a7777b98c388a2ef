using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Testing;
using Interest.Web.Readiness;

namespace Interest.Cluster.Tests.EndToEnd;

/// <summary>A web tier reports ready (<c>/health/ready</c>) only after it has warmed up on lookups of published lists.</summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class WebTierReadinessTests(ProductionCluster shared)
{
    [Fact]
    public async Task A_new_web_tier_is_not_ready_until_it_has_looked_up_published_lists_through_the_store()
    {
        string[] users = ["ready-user-1", "ready-user-2", "ready-user-3"];
        foreach (string user in users)
        {
            await shared.Grains.GetGrain<IUserGrain>(user).ApplyEvents(TestEvents.For(user, 4, firstItemId: 30));
        }

        await using var web = await shared.StartAnotherWebTierAsync(new Dictionary<string, string?>
        {
            ["Web:WarmUp:LookupsPerRound"] = "40",
            ["Web:WarmUp:MinRounds"] = "3",
            // The silos of this test process compile all the while, and the JIT count is the process's: settle at three rounds.
            ["Web:WarmUp:SettledMethodCount"] = "100000",
            // Three pauses of a second: the warm-up cannot be over when the first probe below arrives.
            ["Web:WarmUp:PauseBetweenRounds"] = "00:00:01",
        });
        using var probe = new HttpClient { BaseAddress = new Uri(ProductionCluster.AddressOf(web)) };

        var (firstStatus, first) = await Ready(probe);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, firstStatus);
        Assert.Equal("not ready", first.GetProperty("status").GetString());

        var ready = await Eventually.Until(() => Ready(probe), answer => answer.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "the web tier to be ready");
        var check = ready.Body.GetProperty("checks").GetProperty("warm-up");
        var data = check.GetProperty("data");
        Assert.Equal("ready", ready.Body.GetProperty("status").GetString());
        Assert.StartsWith("warm-up settled after 3 rounds", check.GetProperty("description").GetString());
        Assert.Equal(3, data.GetProperty("rounds").GetInt32());
        Assert.Equal(120, data.GetProperty("lookups").GetInt64());
        Assert.Equal(120, data.GetProperty("storeReads").GetInt64());
        Assert.Equal(0, data.GetProperty("errors").GetInt64());
        Assert.True(data.GetProperty("methodsCompiled").GetInt64() > 0, check.ToString());

        await web.StopAsync();
    }

    [Fact]
    public async Task A_web_tier_with_no_published_lists_is_ready_without_lookups_and_readiness_needs_no_key()
    {
        await using var web = await shared.StartAnotherWebTierAsync(new Dictionary<string, string?>
        {
            ["RecommendationStore:KeyPrefix"] = $"readiness-empty-{Guid.NewGuid():N}:",
        });
        using var probe = new HttpClient { BaseAddress = new Uri(ProductionCluster.AddressOf(web)) };

        var ready = await Eventually.Until(() => Ready(probe), answer => answer.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the web tier to be ready");
        var check = ready.Body.GetProperty("checks").GetProperty("warm-up");
        Assert.Contains("no published lists", check.GetProperty("description").GetString());
        Assert.Equal(0, check.GetProperty("data").GetProperty("lookups").GetInt64());
        Assert.Equal(HttpStatusCode.Unauthorized, (await probe.GetAsync("/users/someone/recommendations")).StatusCode);

        await web.StopAsync();
    }

    [Fact]
    public async Task A_web_tier_with_the_warm_up_disabled_is_ready_at_once()
    {
        await using var web = await shared.StartAnotherWebTierAsync(new Dictionary<string, string?> { ["Web:WarmUp:Enabled"] = "false" });
        using var probe = new HttpClient { BaseAddress = new Uri(ProductionCluster.AddressOf(web)) };

        var (status, body) = await Ready(probe);
        Assert.Equal(HttpStatusCode.OK, status);
        var checks = body.GetProperty("checks");
        Assert.Contains("disabled", checks.GetProperty("warm-up").GetProperty("description").GetString());
        Assert.Equal("Healthy", checks.GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("cluster-gateway").GetProperty("status").GetString());
        Assert.True(checks.GetProperty("cluster-gateway").GetProperty("data").GetProperty("activeSilos").GetInt32() >= 1, checks.ToString());

        await web.StopAsync();
    }

    [Fact]
    public async Task Invalid_warm_up_settings_stop_the_web_tier_from_starting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => shared.StartAnotherWebTierAsync(new Dictionary<string, string?> { ["Web:WarmUp:Concurrency"] = "0" }));
        Assert.Contains("Web:WarmUp:Concurrency", failure.ToString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Ready(HttpClient probe)
    {
        using var response = await probe.GetAsync(ReadinessRegistration.ReadyPath);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
