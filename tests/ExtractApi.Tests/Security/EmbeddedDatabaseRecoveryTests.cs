using System.Diagnostics;
using System.Globalization;
using System.Net;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Engine;
using ExtractApi.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExtractApi.Tests.Security;

/// <summary>
/// The server on its embedded PostgreSQL (no connection string), whose postmaster is SIGKILLed while jobs run: the
/// supervisor starts it again, the worker pauses and resumes, and every job completes once with one result row,
/// without anyone touching the server.
/// </summary>
public sealed class EmbeddedDatabaseRecoveryTests
{
    [Fact]
    public async Task The_embedded_postmaster_killed_mid_run_is_restarted_and_every_job_completes_once()
    {
        var data = Path.Combine(Path.GetTempPath(), $"extractapi-recovery-{Guid.NewGuid():N}");
        try
        {
            await using var server = ServerProcess.Start(new Dictionary<string, string?>
            {
                ["Auth__SigningKey"] = ApiFactory.SigningKey,
                ["LocalData__Directory"] = data,
                ["Engine__RunDigestJobs"] = "true",
                ["Engine__Concurrency"] = "8",
                ["Engine__LeaseDuration"] = "00:00:04",
                ["Engine__HeartbeatInterval"] = "00:00:01",
                ["Engine__RescueInterval"] = "00:00:01",
                ["Engine__RetryBaseDelay"] = "00:00:00.200",
                ["Engine__RetryMaxDelay"] = "00:00:02",
                ["Engine__WriterInterval"] = "00:00:00.200",
            });
            var swagger = await server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(120));
            using var http = new HttpClient { BaseAddress = new Uri(swagger[..^"/swagger".Length]) };

            var pgdata = Path.Combine(data, "postgres", "pgdata");
            var (firstPid, port) = ReadPidFile(pgdata);
            var connectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = "postgres", Database = "extractapi", Pooling = false,
                Password = (await File.ReadAllTextAsync(Path.Combine(data, "postgres", "password"))).Trim(),
            }.ConnectionString;

            const int jobs = 40;
            await using (var dataSource = NpgsqlDataSource.Create(connectionString))
            {
                var submitter = new JobSubmitter(dataSource, Options.Create(new EngineSettings()));
                for (var i = 0; i < jobs; i++)
                {
                    await submitter.SubmitAsync(new JobSubmission("recovery", "recovery", Dialect.JustCrawl, JobKind.Digest,
                        $$"""{"n":{{i}},"workMs":400}"""), CancellationToken.None);
                }
            }
            await Eventually.TrueAsync(async () => await CountAsync(connectionString, "status = 'completed'") >= 4,
                TimeSpan.FromSeconds(60), "some jobs done before the kill");

            using (var postmaster = Process.GetProcessById(firstPid)) postmaster.Kill(); // SIGKILL, the postmaster alone
            Assert.True(await CountAsync(connectionString, "status = 'completed'", tries: 0) is null, "the database still answers after the kill");

            await Eventually.TrueAsync(() => Task.FromResult(TryReadPidFile(pgdata) is { } now && now.Pid != firstPid && IsAlive(now.Pid)),
                TimeSpan.FromSeconds(60), $"the supervisor to start the postmaster again. Output:\n{server.Output}");
            await Eventually.TrueAsync(async () => await CountAsync(connectionString, "status IN ('completed', 'failed', 'cancelled')") == jobs,
                TimeSpan.FromSeconds(120), "every job to finish after the restart");

            Assert.Equal((long?)jobs, await CountAsync(connectionString, "status = 'completed'"));
            Assert.Equal((long)jobs, await ScalarAsync(connectionString, "SELECT count(*) FROM extraction_results"));
            Assert.Equal((long)jobs, await ScalarAsync(connectionString, "SELECT count(DISTINCT job_id) FROM extraction_results"));
            await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), "/health/ready to answer 200 again");
            Assert.False(server.HasExited, "the server exited");
            Assert.Contains("has stopped; starting it again", server.Output, StringComparison.Ordinal);
            Assert.Contains("the worker pauses", server.Output, StringComparison.Ordinal);
            Assert.Contains("the worker resumes", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static (int Pid, int Port) ReadPidFile(string pgdata) =>
        TryReadPidFile(pgdata) ?? throw new InvalidOperationException("The embedded cluster wrote no postmaster.pid.");

    private static (int Pid, int Port)? TryReadPidFile(string pgdata)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(pgdata, "postmaster.pid"));
            return lines.Length >= 4 && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) && int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port)
                ? (pid, port) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static Task<long?> CountAsync(string connectionString, string where, int tries = 1) =>
        ScalarOrNullAsync(connectionString, $"SELECT count(*) FROM jobs WHERE {where}", tries);

    private static async Task<long> ScalarAsync(string connectionString, string sql) =>
        await ScalarOrNullAsync(connectionString, sql, 1) ?? throw new InvalidOperationException("The database does not answer.");

    /// <summary>The value, or null when the database does not answer (after <paramref name="tries"/> retries a second apart).</summary>
    private static async Task<long?> ScalarOrNullAsync(string connectionString, string sql, int tries)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                if (attempt >= tries) return null;
                await Task.Delay(1000);
            }
        }
    }
}
