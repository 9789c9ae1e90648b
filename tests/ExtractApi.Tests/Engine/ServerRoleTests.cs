using ExtractApi.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ExtractApi.Tests.Engine;

public sealed class ServerRoleTests
{
    private static ServerRole RoleOf(params string[] args) =>
        JobEngineSetup.RoleOf(new ConfigurationBuilder().AddCommandLine(args, ServerSettings.CommandLineSwitches.ToDictionary()).Build());

    [Fact]
    public void The_role_comes_from_the_command_line_or_configuration_and_defaults_to_all()
    {
        Assert.Equal(ServerRole.All, RoleOf());
        Assert.Equal(ServerRole.Worker, RoleOf("--role", "worker"));
        Assert.Equal(ServerRole.Api, RoleOf("--Server:Role", "API"));
        Assert.Equal(ServerRole.Worker, RoleOf("--Server:Role", "all", "--role", "worker"));
        Assert.Contains("Server:Role", Assert.Throws<OptionsValidationException>(() => RoleOf("--role", "scheduler")).Message);
        Assert.Contains("Server:Role", Assert.Throws<OptionsValidationException>(() => RoleOf("--role", "7")).Message);
    }
}
