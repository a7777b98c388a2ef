using System.Net;
using System.Text.Json;
using Interest.Cluster.Tests.Fixtures;
using Interest.Silo.Hosting;
using Interest.Testing;
using Microsoft.AspNetCore.Routing;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class ApiReferenceTests(ProductionCluster shared)
{
    [Fact]
    public async Task The_openapi_document_lists_each_endpoints_real_status_codes_with_problem_bodies()
    {
        using var document = JsonDocument.Parse(await shared.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var postEvent = paths.GetProperty("/events").GetProperty("post").GetProperty("responses");
        Assert.Equal(["202", "400", "401", "413"], postEvent.EnumerateObject().Select(r => r.Name).Order());
        Assert.All(["400", "401", "413"], code => AssertProblemBody(postEvent.GetProperty(code)));

        foreach (string lookup in new[] { "/users/{id}/recommendations", "/users/{id}/interest", "/items/{id}/similar" })
        {
            var responses = paths.GetProperty(lookup).GetProperty("get").GetProperty("responses");
            Assert.Equal(["200", "400", "401"], responses.EnumerateObject().Select(r => r.Name).Order());
            AssertProblemBody(responses.GetProperty("400"));
        }
    }

    [Fact]
    public async Task A_silo_serving_the_api_keeps_its_dashboard_routes_out_of_the_openapi_document()
    {
        var settings = TestSettings.Base(shared.Broker.BootstrapServers, $"openapi-{Guid.NewGuid():N}");
        settings["Silo:Roles"] = "inference";
        settings["Silo:SiloPort"] = FreePort.Next().ToString();
        settings["Silo:GatewayPort"] = FreePort.Next().ToString();
        settings["Orleans:ClusterId"] = $"openapi-{Guid.NewGuid():N}";
        settings["Urls"] = "http://127.0.0.1:0";
        settings[SiloHost.WebApiEnabledKey] = "true";
        settings["Web:ApiKeys:0"] = ProductionCluster.ApiKey;
        var silo = SiloHost.Build(settings.Where(s => s.Value is not null).SelectMany(s => new[] { $"--{s.Key}", s.Value! }).ToArray());
        await silo.StartAsync();
        try
        {
            // The routes are there, so the document's leaving them out is the filter's doing.
            var routes = ((IEndpointRouteBuilder)silo).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>();
            Assert.Contains(routes, route => route.RoutePattern.RawText?.StartsWith("/dashboard", StringComparison.Ordinal) == true);

            using var client = new HttpClient { BaseAddress = new Uri(ProductionCluster.AddressOf(silo)) };
            client.DefaultRequestHeaders.Add("X-Api-Key", ProductionCluster.ApiKey);
            using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
            var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Contains("/events", paths);
            Assert.DoesNotContain(paths, path => path.StartsWith("/dashboard", StringComparison.Ordinal));
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_reference_page_is_html_under_the_same_key_rules_as_the_openapi_document()
    {
        var page = await shared.Http.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await page.Content.ReadAsStringAsync());

        using var anonymous = new HttpClient { BaseAddress = shared.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/scalar/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private static void AssertProblemBody(JsonElement response) =>
        Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), response.ToString());
}
