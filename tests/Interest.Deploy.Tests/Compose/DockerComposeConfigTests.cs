namespace Interest.Deploy.Tests.Compose;

public class DockerComposeConfigTests
{
    [Fact]
    public void Docker_compose_accepts_the_file()
    {
        var result = ExternalTool.Run("docker-compose", ["-f", ComposeFile.RelativePath, "config", "-q"]);
        Assert.True(result.ExitCode == 0, $"docker-compose config -q failed ({result.ExitCode}): {result.StandardError}");
    }

    [Fact]
    public void Docker_compose_substitutes_the_secrets_given_in_the_environment()
    {
        var result = ExternalTool.Run("docker-compose", ["-f", ComposeFile.RelativePath, "config"],
            new Dictionary<string, string> { ["INTEREST_API_KEY"] = "key-from-env", ["INTEREST_MANAGEMENT_PASSWORD"] = "password-from-env", ["INTEREST_ADMIN_KEY"] = "admin-key-from-env" });
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("Web__ApiKeys__0: key-from-env", result.StandardOutput);
        Assert.Contains("Management__Password: password-from-env", result.StandardOutput);
        Assert.DoesNotContain("local-dev-", result.StandardOutput);
    }
}
