using Interest.Streaming.Broker;
using Interest.Streaming.Consuming;
using Interest.Streaming.Producing;
using Interest.Streaming.Tests.Support;
using Interest.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming.Tests.Consuming;

public class HostRegistrationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_host_with_the_embedded_broker_and_the_consumer_delivers_to_its_sink()
    {
        string bootstrapFile = Path.Combine(Path.GetTempPath(), "interest-streaming-tests", Guid.NewGuid().ToString("N"), "kafka-bootstrap");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapFile"] = bootstrapFile,
            ["Kafka:Partitions"] = "3",
            ["Kafka:ConsumerGroup"] = "host-test",
            ["Kafka:Client:socket.keepalive.enable"] = "true",
        });
        var logs = new CapturingLoggerProvider(output);
        builder.Logging.ClearProviders().AddProvider(logs);
        var sink = new RecordingSink();
        builder.Services.AddSingleton<IClickEventSink>(sink);
        builder.Services.AddSingleton<IServedCatalog>(new ServedCatalog(KafkaTestBed.CatalogItemCount));
        builder.Services.AddEmbeddedKafkaBroker(builder.Configuration.GetSection(KafkaOptions.SectionName));
        builder.Services.AddKafkaClickstreamConsumer(builder.Configuration.GetSection(KafkaOptions.SectionName));
        using var host = builder.Build();

        await host.StartAsync();
        var brokerService = host.Services.GetRequiredService<EmbeddedKafkaBrokerService>();
        Assert.NotNull(brokerService.Broker);
        Assert.True(File.Exists(bootstrapFile));
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KafkaOptions>>().Value;
        Assert.Equal("true", options.Client["socket.keepalive.enable"]);

        using (var producer = await ClickstreamProducer.ConnectAsync(new KafkaOptions { BootstrapFile = bootstrapFile }, TimeSpan.FromSeconds(5)))
        {
            for (int i = 0; i < 100; i++) producer.Produce(KafkaTestBed.Event($"user-{i % 4}", i));
            Assert.True(producer.Flush(TimeSpan.FromSeconds(10)));
        }
        await Eventually.Until(() => sink.Count == 100, TimeSpan.FromSeconds(30), () => $"sink has {sink.Count}");
        // The sink sees the events while the delivery runs; the consumer counts them once its thread acknowledges the batch.
        var consumer = host.Services.GetRequiredService<KafkaClickstreamConsumer>();
        await Eventually.Until(() => consumer.Statistics.Delivered >= 100, TimeSpan.FromSeconds(10),
            () => $"consumer counted {consumer.Statistics.Delivered}");
        Assert.Equal(100, consumer.Statistics.Delivered);

        await host.StopAsync();
        Assert.False(File.Exists(bootstrapFile));
        Assert.DoesNotContain(logs.Logs, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public void Invalid_options_fail_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kafka:Partitions"] = "0" });
        builder.Services.AddSingleton<IClickEventSink>(new RecordingSink());
        builder.Services.AddSingleton<IServedCatalog>(new ServedCatalog(KafkaTestBed.CatalogItemCount));
        builder.Services.AddKafkaClickstreamConsumer(builder.Configuration.GetSection(KafkaOptions.SectionName));
        using var host = builder.Build();

        Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<KafkaClickstreamConsumer>());
    }
}
