using Interest.Silo.Hosting;
using Interest.Web.Security;
using YamlDotNet.RepresentationModel;

namespace Interest.Deploy.Tests.Compose;

public class PrometheusConfigTests
{
    private const string ConfigPath = "deploy/prometheus/prometheus.yml";

    private readonly ComposeFile _compose = new();
    private readonly YamlMappingNode _config = Load();

    [Fact]
    public void Prometheus_is_the_pinned_image_and_mounts_this_config()
    {
        var prometheus = _compose.Service("prometheus");
        Assert.Equal("prom/prometheus:v3.5.0", prometheus.Text("image"));
        string mount = prometheus.Texts("volumes").Single(v => v.Split(':')[1] == "/etc/prometheus/prometheus.yml");
        Assert.Equal(Repository.PathOf(ConfigPath), Path.GetFullPath(Path.Combine(ComposeFile.Directory, mount.Split(':')[0])));
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", _compose.CommandText("prometheus"));
    }

    [Fact]
    public void Silos_are_scraped_on_their_management_port_as_the_operator()
    {
        var job = Job("interest-silos");
        var discovery = (YamlMappingNode)((YamlSequenceNode)job.Get("dns_sd_configs")).Children.Single();
        Assert.Equal(ComposeFile.SiloServices.Order(), discovery.Texts("names").Order());
        foreach (string silo in ComposeFile.SiloServices)
        {
            Assert.Equal(_compose.Environment(silo)["Management__Port"], discovery.Text("port"));
        }
        Assert.Equal(DashboardAccess.MetricsPath, job.Text("metrics_path"));
        Assert.Equal(new ManagementSettings().Username, job.Text("basic_auth", "username"));
        AssertWrittenBeforeStart(job.Text("basic_auth", "password_file"), "INTEREST_MANAGEMENT_PASSWORD");
    }

    [Fact]
    public void The_web_tier_is_scraped_with_the_api_key_scheme_it_accepts()
    {
        var job = Job("interest-web");
        var discovery = (YamlMappingNode)((YamlSequenceNode)job.Get("dns_sd_configs")).Children.Single();
        Assert.Equal(["web"], discovery.Texts("names"));
        string port = new Uri(_compose.Environment("web")["Urls"].Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString();
        Assert.Equal(port, discovery.Text("port"));
        Assert.Equal(ApiKeyAuthenticationHandler.SchemeName, job.Text("authorization", "type"));
        AssertWrittenBeforeStart(job.Text("authorization", "credentials_file"), "INTEREST_API_KEY");
    }

    private void AssertWrittenBeforeStart(string file, string variable)
    {
        string command = _compose.CommandText("prometheus");
        Assert.Contains($"\"$${variable}\" > {file}", command);
        Assert.True(command.IndexOf(file, StringComparison.Ordinal) < command.IndexOf("exec /bin/prometheus", StringComparison.Ordinal));
        Assert.StartsWith("${" + variable + ":-", _compose.Environment("prometheus")[variable]);
    }

    private YamlMappingNode Job(string name) =>
        ((YamlSequenceNode)_config.Get("scrape_configs")).Children.Cast<YamlMappingNode>().Single(j => j.Text("job_name") == name);

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Repository.ReadText(ConfigPath));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }
}
