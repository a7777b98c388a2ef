using Interest.Cluster.Tests.Faults;
using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Placement;
using Interest.Testing;

namespace Interest.Cluster.Tests.Hosting;

/// <summary>A silo that runs the embedded broker removes the broker's bootstrap file when it stops cleanly (docs/KAFKA.md).</summary>
[Collection(FaultsCollection.Name)]
public sealed class EmbeddedBrokerShutdownTests
{
    [Fact]
    public async Task A_silo_stopped_with_SIGTERM_removes_its_embedded_brokers_bootstrap_file()
    {
        string work = Directory.CreateTempSubdirectory("interest-broker-stop-").FullName;
        string bootstrapFile = Path.Combine(work, "kafka-bootstrap");
        // No Kafka:BootstrapServers: the silo starts the embedded broker itself.
        var settings = TestSettings.Base(null, "broker-stop");
        settings["Kafka:BootstrapFile"] = bootstrapFile;
        settings["Orleans:ClusterId"] = settings["Orleans:ServiceId"] = "broker-stop";
        settings["Silo:Roles"] = string.Join(',', SiloRoles.All);
        settings["Silo:SiloPort"] = FreePort.Next().ToString();
        settings["Silo:GatewayPort"] = FreePort.Next().ToString();
        settings["Urls"] = "http://127.0.0.1:0";
        await using var silo = new SiloProcess("broker-stop", settings, work);
        await silo.StartAsync();
        Assert.True(File.Exists(bootstrapFile), $"the silo wrote no bootstrap file at {bootstrapFile}");
        string address = (await File.ReadAllTextAsync(bootstrapFile)).Trim();
        // The consumer is up (its group joined through the broker), so the stop has it to stop before the broker.
        await Eventually.Until(() => Task.FromResult(silo.OwnsPartitions), owns => owns, TimeSpan.FromSeconds(30), "the silo's consumer to own partitions");

        await silo.StopAsync();

        Assert.Equal(0, silo.ExitCode);
        Assert.False(File.Exists(bootstrapFile), $"the bootstrap file outlived the silo; its log:\n{silo.Log}");
        Assert.Contains($"Embedded Kafka broker at {address} stopped", silo.Log);
    }
}
