using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Interest.Cluster.Tests.Fixtures;
using Interest.Silo.Dashboard;
using Interest.Testing;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class DashboardInferenceTests(ProductionCluster shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_dashboard_shows_inference_done_by_the_local_engine_as_InferenceGrain_calls()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{shared.ManagementPort}/dashboard/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{ProductionCluster.OperatorPassword}")));
        // The dashboard profiles grain calls only while someone looks at it: this request is the look.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("TopGrainMethods")).StatusCode);

        int item = 40;
        string stats = await Eventually.Until(async () =>
            {
                // Users spread over both silos; those on the inference silo use its engine directly.
                var posted = await shared.Http.PostAsJsonAsync("/events", new { userId = $"dashboard-user-{item}", itemId = ++item, type = "view" });
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
                return await client.GetStringAsync("GrainStats/Interest.Grains.Inference.InferenceGrain");
            },
            body => body.Contains(DashboardProfiledInferenceClient.MethodName, StringComparison.Ordinal), Timeout,
            $"'{DashboardProfiledInferenceClient.MethodName}' in the dashboard's InferenceGrain statistics");
        Assert.Contains("InferenceGrain", stats);
    }
}
