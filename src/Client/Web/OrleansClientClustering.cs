using System.Net;
using Orleans.Configuration;

namespace Interest.Web;

/// <summary>
/// How the web tier finds the cluster: a static gateway list (Orleans:Gateways = "host:port,..."), Redis membership
/// (Redis:ConnectionString), or a silo on this machine (localhost, Orleans:GatewayPort).
/// </summary>
public static class OrleansClientClustering
{
    public static IClientBuilder UseInterestClustering(this IClientBuilder client, IConfiguration configuration)
    {
        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = configuration["Orleans:ClusterId"] ?? "interest";
            options.ServiceId = configuration["Orleans:ServiceId"] ?? "interest";
        });

        string? gateways = configuration["Orleans:Gateways"];
        string? redis = configuration["Redis:ConnectionString"];
        if (!string.IsNullOrWhiteSpace(gateways))
        {
            var endpoints = gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(IPEndPoint.Parse).ToArray();
            client.UseStaticClustering(endpoints);
        }
        else if (!string.IsNullOrWhiteSpace(redis))
        {
            client.UseRedisClustering(redis);
        }
        else
        {
            client.UseLocalhostClustering(configuration.GetValue("Orleans:GatewayPort", 30000));
        }
        return client;
    }
}
