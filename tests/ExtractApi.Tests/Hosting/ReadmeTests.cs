using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Hosting;

/// <summary>
/// The README's first five minutes, run as written: its run block starts the server with <c>dotnet run</c>, its token
/// block mints a token and scrapes a page with curl, and its test command names the solution. Three things differ
/// from a person's machine, each through a setting the README documents: a free port for 5080 (<c>ASPNETCORE_URLS</c>),
/// a page served by the test for <c>https://example.com/</c> (<c>Scraping__AllowPrivateAddresses</c>, since it is on
/// loopback), and a fresh <c>LocalData__Directory</c>.
/// </summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public async Task The_readme_commands_run_as_written_reach_a_scraped_page()
    {
        var root = RepositoryRoot();
        var readme = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        var run = ShellBlock(readme, "## Run it");
        var tryIt = ShellBlock(readme, "### Get a token and scrape a page");
        var test = ShellBlock(readme, "## Test it");

        await using var site = await TestSite.StartAsync();
        var port = FreePort();
        var page = site.Url("pages/1").ToString();
        Assert.Contains("127.0.0.1:5080", tryIt);
        Assert.Contains("https://example.com/", tryIt);
        string Local(string block) => block.Replace("127.0.0.1:5080", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("https://example.com/", page, StringComparison.Ordinal);

        var data = Path.Combine(Path.GetTempPath(), $"extractapi-readme-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string?>
        {
            ["LocalData__Directory"] = data,
            ["ConnectionStrings__Jobs"] = "",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Scraping__AllowPrivateAddresses"] = "true",
            // dotnet run builds: the configuration the tests were built in is already up to date, and no build
            // server or compiler server is left running after the test.
            ["Configuration"] = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        try
        {
            await using (var server = ServerProcess.StartShell(Local(run), root, environment))
            {
                // dotnet run restores and builds before it starts the server (about 30 s on a quiet machine; minutes
                // when other builds share the 2 cores), and the token block's dotnet run does it again.
                var swagger = await server.WaitForSwaggerUrlAsync(TimeSpan.FromMinutes(6));
                Assert.Equal($"http://127.0.0.1:{port}/swagger", swagger);

                await using var session = ServerProcess.StartShell(Local(tryIt), root, environment);
                var (exitCode, output) = await session.WaitForOutputAsync(TimeSpan.FromMinutes(5));
                Assert.True(exitCode == 0, $"The README's token block exited {exitCode}:\n{output}\nServer:\n{server.Output}");
                Assert.Contains("\"status\":\"completed\"", output);
                Assert.Contains("# Page 1", output); // the page's Markdown
                Assert.Contains($"\"sourceURL\": \"{page}\"", output);

                await server.StopAsync();
                // A normal first start says nothing alarming and prints plain lines: no error-level events, no
                // property dumps after the message.
                Assert.DoesNotMatch(ErrorLine(), server.Output);
                Assert.DoesNotContain("\"EventId\"", server.Output);
                Assert.Contains("Creating a local PostgreSQL cluster", server.Output);
            }

            // The test command: `dotnet test <solution>`, a solution that holds every test project under tests/.
            var solution = Assert.Single(TestCommand().Matches(test)).Groups[1].Value;
            var projects = await DotnetAsync(root, "sln", solution, "list");
            foreach (var project in Directory.GetFiles(Path.Combine(root, "tests"), "*.csproj", SearchOption.AllDirectories))
            {
                Assert.Contains(Path.GetRelativePath(root, project), projects);
            }
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The first <c>```sh</c> block after the heading (and before the next heading of any level).</summary>
    /// <summary>The README's layout names every project and every folder in it, so the map cannot drift from the tree.</summary>
    [Fact]
    public async Task The_layout_section_names_every_project_and_folder_of_the_tree()
    {
        var root = RepositoryRoot();
        var readme = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        var at = readme.IndexOf("\n## Layout\n", StringComparison.Ordinal);
        Assert.True(at >= 0, "The README has no '## Layout' section.");
        var layout = readme[at..];
        layout = layout[..layout.IndexOf("\n```\n", layout.IndexOf("```", StringComparison.Ordinal) + 3, StringComparison.Ordinal)];

        var missing = new List<string>();
        foreach (var area in new[] { "src", "tests" })
        {
            foreach (var project in Directory.GetDirectories(Path.Combine(root, area)))
            {
                var name = Path.GetFileName(project);
                if (!layout.Contains(name, StringComparison.Ordinal) && !layout.Contains(name.Replace("ExtractApi.", "", StringComparison.Ordinal), StringComparison.Ordinal))
                {
                    missing.Add($"{area}/{name}");
                }
                foreach (var folder in Directory.GetDirectories(project).Select(Path.GetFileName))
                {
                    if (folder is "bin" or "obj" or "Properties" or "TestResults" || Directory.GetFiles(Path.Combine(project, folder!), "*.cs", SearchOption.AllDirectories).Length == 0) continue;
                    if (!layout.Contains(folder + "/", StringComparison.Ordinal)) missing.Add($"{area}/{name}/{folder}");
                }
            }
        }
        foreach (var benchmark in Directory.GetDirectories(Path.Combine(root, "benchmarks")).Select(Path.GetFileName))
        {
            if (!layout.Contains(benchmark!.Replace("ExtractApi.", "", StringComparison.Ordinal), StringComparison.Ordinal)) missing.Add($"benchmarks/{benchmark}");
        }
        Assert.True(missing.Count == 0, "The README's layout does not name: " + string.Join(", ", missing));
    }

    private static string ShellBlock(string readme, string heading)
    {
        var at = readme.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"The README has no '{heading}' section.");
        var section = readme[(at + heading.Length + 2)..];
        var next = NextHeading().Match(section);
        if (next.Success) section = section[..next.Index];
        var block = ShBlock().Match(section);
        Assert.True(block.Success, $"The README's '{heading}' section has no ```sh block.");
        return block.Groups[1].Value;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && File.Exists(Path.Combine(dir.FullName, "ExtractApi.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("The repository root (README.md beside ExtractApi.sln) was not found above the test binaries.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> DotnetAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {process.ExitCode}: {output}{errors}");
        return output;
    }

    [GeneratedRegex(@"\n#{1,6} ")]
    private static partial Regex NextHeading();

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShBlock();

    [GeneratedRegex(@"^dotnet test (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TestCommand();

    [GeneratedRegex(@"^\S+ (ERR|FTL) ", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
