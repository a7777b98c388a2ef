using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Placement;
using Interest.Testing;

namespace Interest.Cluster.Tests.Hosting;

/// <summary>A silo given settings that cannot work stops at once, saying which setting and why, with exit code 2.</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task A_silo_outside_the_demo_without_Kafka_bootstrap_servers_refuses_to_start()
    {
        var settings = Settings("no-kafka");
        settings["Kafka:BootstrapServers"] = null;
        settings["Kafka:Embedded"] = null;

        string log = await StartAndExpectRefusalAsync(settings);

        Assert.Contains("The silo cannot start: Kafka:BootstrapServers is not set", log);
        Assert.Contains("Kafka:Embedded=true", log);
    }

    [Fact]
    public async Task A_silo_told_to_advertise_an_address_that_is_not_its_hosts_refuses_to_start()
    {
        var settings = Settings("foreign-address");
        settings["Redis:ConnectionString"] = "127.0.0.1:1,abortConnect=false";
        // TEST-NET-3 (RFC 5737): never an address of this machine.
        settings["Silo:AdvertisedAddress"] = "203.0.113.7";

        string log = await StartAndExpectRefusalAsync(settings);

        Assert.Contains("Silo:AdvertisedAddress is 203.0.113.7, which is not an address of this host", log);
    }

    private static Dictionary<string, string?> Settings(string name)
    {
        var settings = TestSettings.Base("127.0.0.1:1", name);
        settings["Silo:Roles"] = SiloRoles.Ingest;
        settings["Silo:SiloPort"] = FreePort.Next().ToString();
        settings["Silo:GatewayPort"] = FreePort.Next().ToString();
        settings["Urls"] = "http://127.0.0.1:0";
        return settings;
    }

    private static async Task<string> StartAndExpectRefusalAsync(Dictionary<string, string?> settings)
    {
        using var work = new TemporaryDirectory("interest-refusal-");
        await using var silo = new SiloProcess("refused", settings, work.Path);
        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.StartAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, silo.ExitCode);
        return await Eventually.Until(() => Task.FromResult(silo.Log), log => log.Contains("The silo cannot start", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the silo's reason on standard error");
    }
}
