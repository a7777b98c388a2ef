using System.Text.RegularExpressions;
using Interest.Deploy.Tests.Configuration;
using Interest.Grains.Placement;
using Interest.Streaming;
using YamlDotNet.RepresentationModel;

namespace Interest.Deploy.Tests.Compose;

public partial class ComposeContractTests
{
    private readonly ComposeFile _compose = new();

    [Fact]
    public void It_has_the_services_other_tools_address_by_name() =>
        Assert.Equal(["inference", "ingest", "kafka", "kafka-init", "prometheus", "redis", "web"], _compose.ServiceNames.Order());

    [Fact]
    public void It_has_no_top_level_name_which_docker_compose_1_29_rejects() =>
        Assert.Null(_compose.Root.Find("name"));

    [Fact]
    public void Kafka_init_creates_the_clickstream_topic_with_8_or_more_partitions_and_the_dead_letter_topic()
    {
        var defaults = new KafkaOptions();
        var created = TopicCreations().ToDictionary(t => t.Topic, t => t.Partitions);

        Assert.True(created.TryGetValue(defaults.Topic, out int partitions), $"kafka-init does not create '{defaults.Topic}'.");
        Assert.True(partitions >= 8, $"{defaults.Topic} gets {partitions} partitions; the two ingest silos and scaling need 8 or more.");
        Assert.True(created.ContainsKey(defaults.DeadLetterTopic), $"kafka-init does not create '{defaults.DeadLetterTopic}'.");
        Assert.Equal("kafka:9092", _compose.Environment("kafka")["KAFKA_ADVERTISED_LISTENERS"].Split("//")[1]);
    }

    [Fact]
    public void Kafka_runs_as_a_single_kraft_node_without_topic_auto_creation()
    {
        var kafka = _compose.Environment("kafka");
        Assert.Equal("apache/kafka:4.1.0", _compose.Service("kafka").Text("image"));
        Assert.Equal("broker,controller", kafka["KAFKA_PROCESS_ROLES"]);
        Assert.Equal("false", kafka["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]);
    }

    [Fact]
    public void Redis_appends_only_and_keeps_its_data_on_a_named_volume()
    {
        var redis = _compose.Service("redis");
        Assert.Equal("redis:7.4", redis.Text("image"));
        string command = string.Join(' ', redis.Texts("command"));
        Assert.Matches(@"--appendonly\s+yes", command);
        string volume = redis.Texts("volumes").Single(v => v.EndsWith(":/data", StringComparison.Ordinal));
        Assert.Contains(volume.Split(':')[0], _compose.Root.Map("volumes").Keys());
    }

    [Fact]
    public void Inference_reserves_an_nvidia_gpu_and_reads_the_mounted_model()
    {
        var inference = _compose.Service("inference");
        var device = (YamlMappingNode)((YamlSequenceNode)inference.Get("deploy", "resources", "reservations", "devices")).Children.Single();
        Assert.Equal("nvidia", device.Text("driver"));
        Assert.Contains("gpu", device.Texts("capabilities"));

        var environment = _compose.Environment("inference");
        Assert.Equal("/models/games.model", environment["Inference__ModelPath"]);
        string mount = inference.Texts("volumes").Single(v => v.Split(':')[1] == "/models");
        string source = Path.GetFullPath(Path.Combine(ComposeFile.Directory, mount.Split(':')[0]));
        Assert.Equal(Repository.PathOf("models"), source);
        Assert.EndsWith(":ro", mount);
    }

    [Fact]
    public void Ingest_runs_two_replicas() =>
        Assert.Equal("2", _compose.Service("ingest").Text("deploy", "replicas"));

    [Theory]
    [InlineData("inference", SiloRoles.Inference)]
    [InlineData("ingest", SiloRoles.Ingest)]
    public void Every_silo_reaches_redis_and_kafka_and_has_its_role(string service, string role)
    {
        var environment = _compose.Environment(service);
        Assert.Equal("redis:6379", environment["Redis__ConnectionString"]);
        Assert.Equal("kafka:9092", environment["Kafka__BootstrapServers"]);
        Assert.Equal([role], SiloRoles.Parse(environment["Silo__Roles"]));
        Assert.Equal("http://+:5080", environment["Urls"]);
        Assert.Equal("8081", environment["Management__Port"]);
    }

    [Fact]
    public void The_web_tier_listens_on_8080_with_an_api_key_and_reaches_redis_and_kafka()
    {
        var environment = _compose.Environment("web");
        Assert.Equal("http://+:8080", environment["Urls"]);
        Assert.Contains("8080:8080", _compose.Service("web").Texts("ports"));
        Assert.Equal("redis:6379", environment["Redis__ConnectionString"]);
        Assert.Equal("kafka:9092", environment["Kafka__BootstrapServers"]);
        Assert.True(environment.ContainsKey("Web__ApiKeys__0"));
    }

    [Fact]
    public void Secrets_come_from_the_environment_with_only_the_documented_local_defaults()
    {
        var documented = new Dictionary<string, string>
        {
            ["INTEREST_API_KEY"] = "local-dev-key",
            ["INTEREST_MANAGEMENT_PASSWORD"] = "local-dev-password",
            ["INTEREST_ADMIN_KEY"] = "local-dev-admin-key",
        };
        var secrets = _compose.ServiceNames.SelectMany(s => _compose.Environment(s).Select(e => (Service: s, e.Key, e.Value)))
            .Where(e => SecretName().IsMatch(e.Key)).ToList();

        Assert.NotEmpty(secrets);
        foreach (var (service, key, value) in secrets)
        {
            var match = Substitution().Match(value);
            Assert.True(match.Success, $"{service}.{key} is hard-coded ('{value}'); take it from a variable: ${{VAR:-default}}.");
            Assert.True(documented.TryGetValue(match.Groups["name"].Value, out string? fallback), $"{service}.{key} reads an undocumented variable.");
            Assert.Equal(fallback, match.Groups["default"].Value);
        }
    }

    [Fact]
    public void Dependencies_wait_for_health_or_for_kafka_init_to_finish()
    {
        foreach (string service in _compose.ServiceNames)
        {
            if (_compose.Service(service).Find("depends_on") is not YamlMappingNode dependencies) continue;
            foreach (string dependency in dependencies.Keys())
            {
                string condition = dependencies.Text(dependency, "condition");
                if (dependency == "kafka-init")
                {
                    Assert.Equal("service_completed_successfully", condition);
                }
                else
                {
                    Assert.Equal("service_healthy", condition);
                    Assert.True(_compose.Service(dependency).Find("healthcheck") is not null,
                        $"{service} waits for {dependency} to be healthy, but {dependency} has no healthcheck.");
                }
            }
        }
    }

    [Theory]
    [InlineData("inference")]
    [InlineData("ingest")]
    [InlineData("web")]
    public void Healthchecks_ask_for_readiness_on_the_port_the_service_listens_on(string service)
    {
        string port = new Uri(_compose.Environment(service)["Urls"].Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString();
        string test = string.Join(' ', _compose.Service(service).Texts("healthcheck", "test"));
        Assert.Contains($"http://localhost:{port}/health/ready", test);
    }

    [Theory]
    [InlineData("inference")]
    [InlineData("ingest")]
    [InlineData("web")]
    public void Every_environment_variable_is_a_key_the_code_reads(string service)
    {
        var problems = _compose.Environment(service).Keys.Select(ConfigurationKeys.Problem).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Fact]
    public void The_catalogue_size_is_the_model_files_alone()
    {
        Assert.True(_compose.Environment("inference").ContainsKey("Inference__ModelPath"));
        foreach (string service in new[] { "inference", "ingest", "web" })
        {
            Assert.DoesNotContain(_compose.Environment(service).Keys, name => name is "Kafka__CatalogItemCount" or "Inference__ItemCount");
        }
    }

    [Theory]
    [InlineData("inference", "deploy/docker/inference.Dockerfile")]
    [InlineData("ingest", "deploy/docker/silo.Dockerfile")]
    [InlineData("web", "deploy/docker/web.Dockerfile")]
    public void Images_are_built_from_the_repository_root_with_their_dockerfile(string service, string dockerfile)
    {
        string context = Path.GetFullPath(Path.Combine(ComposeFile.Directory, _compose.Service(service).Text("build", "context")));
        Assert.Equal(Repository.Root, context.TrimEnd(Path.DirectorySeparatorChar));
        Assert.Equal(dockerfile, _compose.Service(service).Text("build", "dockerfile"));
        Assert.True(File.Exists(Path.Combine(context, dockerfile)), $"{dockerfile} does not exist.");
    }

    private IEnumerable<(string Topic, int Partitions)> TopicCreations()
    {
        foreach (string invocation in _compose.CommandText("kafka-init").Split("&&"))
        {
            var topic = Regex.Match(invocation, @"--topic\s+(\S+)");
            var partitions = Regex.Match(invocation, @"--partitions\s+(\d+)");
            if (invocation.Contains("--create", StringComparison.Ordinal) && topic.Success)
            {
                yield return (topic.Groups[1].Value, partitions.Success ? int.Parse(partitions.Groups[1].Value) : 1);
            }
        }
    }

    [GeneratedRegex(@"Password|Api_?Key|Secret|Token", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^\$\{(?<name>[A-Z_][A-Z0-9_]*):-(?<default>[^}]*)\}$")]
    private static partial Regex Substitution();
}
