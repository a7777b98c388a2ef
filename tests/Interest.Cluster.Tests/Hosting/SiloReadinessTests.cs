using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interest.Cluster.Tests.Fixtures;
using Interest.Grains.Placement;
using Interest.Testing;
using Interest.Web.Readiness;

namespace Interest.Cluster.Tests.Hosting;

/// <summary>A silo's <c>/health/ready</c> checks what its roles need; <c>/health</c> only says the process answers.</summary>
public sealed class SiloReadinessTests
{
    [Fact]
    public async Task A_silo_with_both_roles_is_ready_once_active_with_its_model_loaded_and_its_consumer_in_the_group()
    {
        var (settings, http) = Settings("ready-both", kafkaBootstrap: null);
        settings["Silo:Roles"] = string.Join(',', SiloRoles.All);
        using var work = new TemporaryDirectory("interest-silo-ready-");
        settings["Kafka:BootstrapFile"] = work.File("kafka-bootstrap");
        await using var silo = new SiloProcess("ready-both", settings, work.Path);
        await silo.StartAsync();
        using var probe = new HttpClient { BaseAddress = http };

        var ready = await Eventually.Until(() => Ready(probe), answer => answer.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the silo to be ready");

        var checks = ready.Body.GetProperty("checks");
        Assert.Equal("Active", checks.GetProperty("membership").GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("model").GetProperty("status").GetString());
        Assert.Equal(TestSettings.ItemCount, checks.GetProperty("model").GetProperty("data").GetProperty("items").GetInt32());
        var consumers = checks.GetProperty("consumer-group").GetProperty("data");
        Assert.Equal(1, consumers.GetProperty("joined").GetInt32());
        Assert.True(consumers.GetProperty("partitions").GetInt32() > 0, consumers.ToString());
        Assert.Equal(TestSettings.ItemCount, consumers.GetProperty("items").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_silo_that_cannot_reach_Kafka_is_alive_but_not_ready()
    {
        // Nothing listens on port 1: the consumer never joins its group. The silo serves the model itself, so the
        // consumer knows the catalogue and gets as far as Kafka.
        var (settings, http) = Settings("ready-no-kafka", kafkaBootstrap: "127.0.0.1:1");
        settings["Silo:Roles"] = string.Join(',', SiloRoles.All);
        using var work = new TemporaryDirectory("interest-silo-ready-");
        await using var silo = new SiloProcess("ready-no-kafka", settings, work.Path);
        await silo.StartAsync();
        using var probe = new HttpClient { BaseAddress = http };

        var answer = await Eventually.Until(() => Ready(probe),
            a => a.Body.TryGetProperty("checks", out var c) && c.GetProperty("membership").GetProperty("status").GetString() == "Healthy"
                && c.GetProperty("consumer-group").GetProperty("data").TryGetProperty("items", out _),
            TimeSpan.FromSeconds(60), "the silo to be active in membership and to know the catalogue");
        await Task.Delay(TimeSpan.FromSeconds(2));
        answer = await Ready(probe);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        var consumer = answer.Body.GetProperty("checks").GetProperty("consumer-group");
        Assert.Equal("Unhealthy", consumer.GetProperty("status").GetString());
        Assert.Equal("0 of 1 consumer(s) have an assignment from the group", consumer.GetProperty("description").GetString());
        Assert.Equal("Healthy", answer.Body.GetProperty("checks").GetProperty("model").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task An_ingest_silo_with_no_inference_silo_waits_for_the_catalogue_and_is_not_ready()
    {
        var (settings, http) = Settings("ready-no-model", kafkaBootstrap: null);
        settings["Silo:Roles"] = SiloRoles.Ingest;
        using var work = new TemporaryDirectory("interest-silo-ready-");
        settings["Kafka:BootstrapFile"] = work.File("kafka-bootstrap");
        await using var silo = new SiloProcess("ready-no-model", settings, work.Path);
        await silo.StartAsync();
        using var probe = new HttpClient { BaseAddress = http };

        var answer = await Eventually.Until(() => Ready(probe),
            a => a.Body.TryGetProperty("checks", out var c) && c.GetProperty("membership").GetProperty("status").GetString() == "Healthy",
            TimeSpan.FromSeconds(60), "the silo to be active in membership");
        await Task.Delay(TimeSpan.FromSeconds(2));
        answer = await Ready(probe);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        var consumer = answer.Body.GetProperty("checks").GetProperty("consumer-group");
        Assert.Equal("Unhealthy", consumer.GetProperty("status").GetString());
        Assert.Contains("catalogue", consumer.GetProperty("description").GetString());
        Assert.Equal(0, consumer.GetProperty("data").GetProperty("joined").GetInt32());
        Assert.False(consumer.GetProperty("data").TryGetProperty("items", out _));
        Assert.False(answer.Body.GetProperty("checks").TryGetProperty("model", out _), "an ingest silo has no model check");
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health")).StatusCode);
    }

    private static (Dictionary<string, string?> Settings, Uri Http) Settings(string name, string? kafkaBootstrap)
    {
        var settings = TestSettings.Base(kafkaBootstrap, name);
        int port = FreePort.Next();
        settings["Silo:SiloPort"] = FreePort.Next().ToString();
        settings["Silo:GatewayPort"] = FreePort.Next().ToString();
        settings["Urls"] = $"http://127.0.0.1:{port}";
        return (settings, new Uri($"http://127.0.0.1:{port}"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Ready(HttpClient probe)
    {
        using var response = await probe.GetAsync(ReadinessRegistration.ReadyPath);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
