using System.Diagnostics;
using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Placement;
using Interest.Testing;

namespace Interest.Cluster.Tests.Faults;

/// <summary>A silo launched with Silo:ParentProcessId stops by itself when that process dies.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ParentProcessTests
{
    [Fact]
    public async Task A_silo_stops_gracefully_when_the_process_that_launched_it_is_killed()
    {
        using var parent = Process.Start("sleep", "300");
        string logs = Directory.CreateTempSubdirectory("interest-parent-").FullName;
        var settings = TestSettings.Base("127.0.0.1:1", "parent");
        settings["Orleans:ClusterId"] = settings["Orleans:ServiceId"] = "parent";
        settings["Silo:Roles"] = SiloRoles.Inference;
        settings["Silo:SiloPort"] = FreePort.Next().ToString();
        settings["Silo:GatewayPort"] = FreePort.Next().ToString();
        settings["Urls"] = "http://127.0.0.1:0";
        settings["Silo:ParentProcessId"] = parent.Id.ToString();
        await using var silo = new SiloProcess("parent", settings, logs);
        await silo.StartAsync();
        // The console logger writes from a queue of its own, so the watcher's line can trail the silo's start.
        await Eventually.Until(() => Task.FromResult(silo.Log), log => log.Contains($"Will stop when process {parent.Id}"),
            TimeSpan.FromSeconds(10), "the watcher's start line");

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True(silo.IsRunning, "the silo stopped while its parent was alive");

        parent.Kill();
        await parent.WaitForExitAsync();
        await Eventually.Until(() => Task.FromResult(silo.IsRunning), running => !running, TimeSpan.FromSeconds(30), "the silo to stop");
        Assert.Contains($"Process {parent.Id}, which launched this silo, is gone; stopping", silo.Log);
        Assert.Equal(0, silo.ExitCode);
    }
}
