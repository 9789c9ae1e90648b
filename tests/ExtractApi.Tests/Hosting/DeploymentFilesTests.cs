using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ExtractApi.Tests.Hosting;

/// <summary>docker-compose.yml and the Dockerfile cannot be run here (no Docker engine): they are parsed and checked.</summary>
public sealed partial class DeploymentFilesTests
{
    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ExtractApi.sln"))) return dir.FullName;
            }
            throw new DirectoryNotFoundException("ExtractApi.sln not found above the test binaries.");
        }
    }

    [Fact]
    public void Compose_brings_up_a_healthy_postgres_and_the_server_configured_by_environment()
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml")))) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root["services"];

        var postgres = (YamlMappingNode)services["postgres"];
        Assert.StartsWith("postgres:", ((YamlScalarNode)postgres["image"]).Value);
        Assert.Contains("pg_isready", string.Join(" ", ((YamlSequenceNode)((YamlMappingNode)postgres["healthcheck"])["test"]).Select(n => ((YamlScalarNode)n).Value)));
        Assert.Contains(((YamlSequenceNode)postgres["volumes"]).Select(v => ((YamlScalarNode)v).Value), v => v!.StartsWith("pgdata:", StringComparison.Ordinal));
        Assert.True(((YamlMappingNode)root["volumes"]).Children.ContainsKey(new YamlScalarNode("pgdata")));

        var api = (YamlMappingNode)services["api"];
        Assert.Equal(".", ((YamlScalarNode)api["build"]).Value);
        var dependsOn = (YamlMappingNode)((YamlMappingNode)api["depends_on"])["postgres"];
        Assert.Equal("service_healthy", ((YamlScalarNode)dependsOn["condition"]).Value);
        var environment = (YamlMappingNode)api["environment"];
        var keys = environment.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
        Assert.Contains("ConnectionStrings__Jobs", keys);
        Assert.Contains("Auth__SigningKey", keys);
        Assert.Contains("Host=postgres", ((YamlScalarNode)environment["ConnectionStrings__Jobs"]).Value);
        Assert.Contains("8080:8080", ((YamlSequenceNode)api["ports"]).Select(p => ((YamlScalarNode)p).Value));
    }

    [Fact]
    public void Dockerfile_copies_every_project_the_server_needs()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build", dockerfile);
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0", dockerfile);
        var host = File.ReadAllText(Path.Combine(Root, "src", "ExtractApi", "ExtractApi.csproj"));
        foreach (Match reference in ProjectReference().Matches(host))
        {
            var project = Path.GetFileName(reference.Groups[1].Value.Replace('\\', '/'));
            Assert.Contains($"/{project} ", dockerfile.Replace("\n", " ", StringComparison.Ordinal));
        }
        foreach (Match copy in CopiedFile().Matches(dockerfile))
        {
            Assert.True(File.Exists(Path.Combine(Root, copy.Groups[1].Value)), $"Dockerfile copies {copy.Groups[1].Value}, which does not exist");
        }
    }

    [GeneratedRegex("""<ProjectReference Include="([^"]+)" />""")]
    private static partial Regex ProjectReference();

    [GeneratedRegex(@"^COPY (\S+\.csproj) ", RegexOptions.Multiline)]
    private static partial Regex CopiedFile();
}
