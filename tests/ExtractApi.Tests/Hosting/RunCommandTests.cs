using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Hosting;

/// <summary>The README's run command, for real: the built server with nothing configured.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task With_nothing_configured_it_starts_an_embedded_postgres_and_reuses_it_on_the_next_start()
    {
        var data = Path.Combine(Path.GetTempPath(), $"extractapi-run-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string?> { ["LocalData__Directory"] = data, ["ConnectionStrings__Jobs"] = "" };
        try
        {
            string firstToken;
            await using (var server = ServerProcess.Start(environment))
            {
                var swagger = await server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
                Assert.Matches(@"^http://127\.0\.0\.1:\d+/swagger$", swagger);
                Assert.Contains("Creating a local PostgreSQL cluster", server.Output);
                var baseUrl = swagger[..^"/swagger".Length];
                using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/swagger/index.html")).StatusCode);

                // The token command signs with the same key the server checks.
                firstToken = await MintAsync(environment);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", firstToken);
                var poll = await http.GetAsync($"/v1/batch/scrape/{Guid.NewGuid()}");
                Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode); // authenticated: the job just does not exist
                await server.StopAsync();
            }

            await using (var again = ServerProcess.Start(environment))
            {
                var swagger = await again.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
                Assert.DoesNotContain("Creating a local PostgreSQL cluster", again.Output);
                using var http = new HttpClient { BaseAddress = new Uri(swagger[..^"/swagger".Length]) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", firstToken);
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/batch/scrape/{Guid.NewGuid()}")).StatusCode);
            }
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task Without_postgres_binaries_or_a_connection_string_it_explains_both_ways_out()
    {
        var data = Path.Combine(Path.GetTempPath(), $"extractapi-nopg-{Guid.NewGuid():N}");
        await using var server = ServerProcess.Start(new Dictionary<string, string?>
        {
            ["LocalData__Directory"] = data,
            ["ConnectionStrings__Jobs"] = "",
            ["PG_BIN"] = "/nonexistent/postgresql/bin",
        });
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("ConnectionStrings__Jobs", server.Output);
        Assert.Contains("PostgreSQL", server.Output);
        Assert.DoesNotMatch(new Regex(@"^\s+at \S+\(", RegexOptions.Multiline), server.Output); // no stack trace
    }

    [Fact]
    public async Task Started_from_another_folder_it_reads_the_settings_beside_the_dll()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), $"extractapi-elsewhere-{Guid.NewGuid():N}");
        Directory.CreateDirectory(elsewhere);
        try
        {
            await using var server = ServerProcess.StartIn(elsewhere, new Dictionary<string, string?>
            {
                ["ConnectionStrings__Jobs"] = await TestPostgres.CreateDatabaseAsync("elsewhere"),
                ["Auth__SigningKey"] = ApiFactory.SigningKey,
                ["LocalData__Directory"] = Path.Combine(elsewhere, "data"),
                ["Logging__Format"] = "text",
            });
            await server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
            var appFolder = Path.GetDirectoryName(ServerProcess.ServerDll)!;
            Assert.Contains($"Content root path: {appFolder}", server.Output);
            // appsettings.json was read: its Serilog override keeps EF Core's information lines (the migration's
            // statements) out; without it they would be there.
            Assert.DoesNotContain("Executed DbCommand", server.Output);
        }
        finally
        {
            try { Directory.Delete(elsewhere, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<string> MintAsync(IDictionary<string, string?> environment)
    {
        await using var command = ServerProcess.Start(environment, "token", "--sub", "alice", "--org", "acme");
        Assert.Equal(0, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var token = command.Output.Trim().Split('\n').Last().Trim();
        Assert.Matches(@"^[\w-]+\.[\w-]+\.[\w-]+$", token);
        return token;
    }
}
