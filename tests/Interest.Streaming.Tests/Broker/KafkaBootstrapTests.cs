using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Interest.Streaming.Broker;

namespace Interest.Streaming.Tests.Broker;

public class KafkaBootstrapTests
{
    private static string TemporaryFile() =>
        Path.Combine(Path.GetTempPath(), "interest-streaming-tests", Guid.NewGuid().ToString("N"), "kafka-bootstrap");

    [Fact]
    public async Task Configured_servers_win_without_looking_for_a_file()
    {
        var options = new KafkaOptions { BootstrapServers = " kafka-1:9092,kafka-2:9092 ", BootstrapFile = TemporaryFile() };

        Assert.Equal("kafka-1:9092,kafka-2:9092", await KafkaBootstrap.ResolveAsync(options, TimeSpan.Zero));
    }

    [Fact]
    public async Task Missing_file_gives_a_clear_error_after_the_wait()
    {
        var options = new KafkaOptions { BootstrapFile = TemporaryFile() };
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KafkaBootstrap.ResolveAsync(options, TimeSpan.FromMilliseconds(600)));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(600));
        Assert.Contains("Start a silo", error.Message);
        Assert.Contains("Kafka:BootstrapServers", error.Message);
        Assert.Contains(options.BootstrapFile, error.Message);
    }

    [Fact]
    public async Task A_stale_file_naming_a_dead_address_is_not_used()
    {
        var options = new KafkaOptions { BootstrapFile = TemporaryFile() };
        Directory.CreateDirectory(Path.GetDirectoryName(options.BootstrapFile)!);
        await File.WriteAllTextAsync(options.BootstrapFile, $"127.0.0.1:{UnusedPort()}\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KafkaBootstrap.ResolveAsync(options, TimeSpan.FromMilliseconds(300)));

        Assert.Contains("nothing accepts connections", error.Message);
    }

    [Fact]
    public async Task Waits_for_a_silo_that_starts_later()
    {
        var options = new KafkaOptions { BootstrapFile = TemporaryFile(), Partitions = 1 };
        var resolving = KafkaBootstrap.ResolveAsync(options, TimeSpan.FromSeconds(10));
        await Task.Delay(500);
        Assert.False(resolving.IsCompleted);

        using var broker = new EmbeddedKafkaBroker(options);

        Assert.Equal(broker.BootstrapServers, await resolving);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
