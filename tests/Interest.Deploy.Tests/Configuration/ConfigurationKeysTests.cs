namespace Interest.Deploy.Tests.Configuration;

public class ConfigurationKeysTests
{
    [Theory]
    [InlineData("Silo__Roles")]
    [InlineData("Kafka__BootstrapServers")]
    [InlineData("Web__ApiKeys__0")]
    [InlineData("Web__Page__DashboardUrl")]
    [InlineData("Kafka__Client__security.protocol")]
    [InlineData("Redis__ConnectionString")]
    [InlineData("Management__Host")]
    [InlineData("Urls")]
    [InlineData("POD_IP")]
    public void Keys_the_code_reads_are_accepted(string environmentName) =>
        Assert.Null(ConfigurationKeys.Problem(environmentName));

    [Theory]
    [InlineData("Silo__Role")]
    [InlineData("Kafka__Bootstrap")]
    [InlineData("Web__ApiKeys__first")]
    [InlineData("Redis__Connection")]
    [InlineData("Inference__ModelFile")]
    [InlineData("POD_UID")]
    public void Misspelt_or_unknown_keys_are_reported(string environmentName) =>
        Assert.NotNull(ConfigurationKeys.Problem(environmentName));

    [Fact]
    public void Every_options_section_of_the_code_is_found() =>
        Assert.Superset(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Silo", "Management", "Kafka", "Inference", "Web", "Web:Page", "Users", "ModelRegistry", "ModelRollout" },
            ConfigurationKeys.SectionTypes.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
}
