using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Interest.Cluster.Tests.Fixtures;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class DashboardAccessTests(ProductionCluster shared)
{
    [Fact]
    public async Task The_dashboard_is_served_only_on_the_management_port_and_only_to_operators()
    {
        using var client = new HttpClient();
        string mainAddress = ProductionCluster.AddressOf(shared.Silos[0]);
        string management = $"http://127.0.0.1:{shared.ManagementPort}/dashboard/";

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{mainAddress}/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{ProductionCluster.AddressOf(shared.Silos[1])}/dashboard/")).StatusCode);

        var anonymous = await client.GetAsync(management);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, management, "operator:wrong")).StatusCode);

        var authorised = await Send(client, management, $"operator:{ProductionCluster.OperatorPassword}");
        Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
        Assert.Contains("Orleans Dashboard", await authorised.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string url, string credentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client.SendAsync(request);
    }
}
