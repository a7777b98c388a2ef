using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Placement;
using Interest.Testing;
using Interest.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Interest.Cluster.Tests.Faults;

[Collection(FaultsCollection.Name)]
public sealed class SecretsTests
{
    [Fact]
    public async Task Passwords_and_keys_from_configuration_never_appear_in_a_silos_log()
    {
        const string redisPassword = "redis-pw-7f3a9c";
        const string apiKey = "api-key-0b52e1";
        const string operatorPassword = "operator-pw-c4d81e";
        await using var redis = await RedisServer.StartAsync(password: redisPassword);
        string logs = Directory.CreateTempSubdirectory("interest-secrets-").FullName;
        var settings = TestSettings.Base("127.0.0.1:1", "secrets");
        settings["Redis:ConnectionString"] = redis.ConnectionString;
        settings["Orleans:ClusterId"] = settings["Orleans:ServiceId"] = "secrets";
        settings["Silo:Roles"] = SiloRoles.Inference;
        settings["Silo:SiloPort"] = FreePort.Next().ToString();
        settings["Silo:GatewayPort"] = FreePort.Next().ToString();
        settings["Urls"] = "http://127.0.0.1:0";
        settings["Web:Enabled"] = "true";
        settings["Web:ApiKeys:0"] = apiKey;
        settings["Management:Port"] = FreePort.Next().ToString();
        settings["Management:Password"] = operatorPassword;
        settings["Logging:LogLevel:Default"] = "Debug";
        await using var silo = new SiloProcess("secrets", settings, logs);
        await silo.StartAsync();

        // The silo really used the password: a client finds it through Redis membership and reaches its grains.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:ConnectionString"] = redis.ConnectionString,
            ["Orleans:ClusterId"] = "secrets",
            ["Orleans:ServiceId"] = "secrets",
        });
        builder.UseOrleansClient(client => client.UseInterestClustering(builder.Configuration));
        using var host = builder.Build();
        await host.StartAsync();
        var description = await Eventually.Until(() => host.Services.GetRequiredService<IGrainFactory>().GetGrain<IInferenceGrain>(0).Describe(),
            _ => true, TimeSpan.FromSeconds(60), "the silo through Redis");
        Assert.Equal(TestSettings.ItemCount, description.ItemCount);
        await host.StopAsync();
        await silo.StopAsync();

        string log = silo.Log;
        Assert.Contains("Application started", log);
        Assert.DoesNotContain(redisPassword, log);
        Assert.DoesNotContain(apiKey, log);
        Assert.DoesNotContain(operatorPassword, log);
    }
}
