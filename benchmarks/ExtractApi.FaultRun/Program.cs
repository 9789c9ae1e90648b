using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// The fault run: two real server processes (API + worker) on one PostgreSQL, while this program SIGKILLs them
// repeatedly, restarts PostgreSQL and terminates backends. Afterwards it proves every job finished exactly once, with
// exactly one result row each, and prints the counts. Exit code 0 only when every check holds.
// Usage: dotnet run -c Release --project benchmarks/ExtractApi.FaultRun [-- --jobs 2000 --seconds 60 --work-ms 300]
int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
var jobs = Option("jobs", 2000);
var seconds = Option("seconds", 60);
var workMs = Option("work-ms", 300);

var root = Path.Combine(Path.GetTempPath(), $"extractapi-faultrun-{Environment.ProcessId}");
var postgres = await LocalPostgres.StartAsync(root, durable: true, NullLogger.Instance);
var connectionString = await postgres.EnsureDatabaseAsync("faultrun");
await using (var db = new JobsDbContext(new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql(connectionString).Options))
{
    await db.Database.MigrateAsync();
}

var settings = Options.Create(new EngineSettings { MaxAttempts = 25 });
await using (var dataSource = NpgsqlDataSource.Create(connectionString))
{
    var submitter = new JobSubmitter(dataSource, settings);
    for (var i = 0; i < jobs; i++)
    {
        await submitter.SubmitAsync(new JobSubmission("fault", "fault", Dialect.JustCrawl, JobKind.Digest,
            $$"""{"n":{{i}},"workMs":{{workMs}}}""") { MaxAttempts = 25 }, CancellationToken.None);
    }
}
Console.WriteLine($"Queued {jobs} jobs of {workMs} ms each; faults for {seconds} s.");

var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
var serverDll = Path.Combine(repository, "src", "ExtractApi", "bin", configuration, "net10.0", "ExtractApi.dll");
Process StartServer()
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(serverDll)! };
    start.ArgumentList.Add(serverDll);
    foreach (var (key, value) in new Dictionary<string, string>
    {
        ["ConnectionStrings__Jobs"] = connectionString,
        ["Auth__SigningKey"] = "fault-run-signing-key-0123456789-0123456789-0123456789",
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}",
        ["Serilog__MinimumLevel__Default"] = "Fatal",
        ["Engine__RunDigestJobs"] = "true",
        ["Engine__LeaseDuration"] = "00:00:04",
        ["Engine__HeartbeatInterval"] = "00:00:01",
        ["Engine__RescueInterval"] = "00:00:01",
        ["Engine__RetryBaseDelay"] = "00:00:00.200",
        ["Engine__RetryMaxDelay"] = "00:00:02",
        ["Engine__WriterInterval"] = "00:00:00.200",
    })
    {
        start.Environment[key] = value;
    }
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

var servers = new[] { StartServer(), StartServer() };
var kills = 0;
var restarts = 0;
var terminated = 0;
var random = new Random(7);
var clock = Stopwatch.StartNew();
while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
{
    await Task.Delay(TimeSpan.FromMilliseconds(1500 + random.Next(1500)));
    switch (random.Next(10))
    {
        case < 6:
            var victim = random.Next(servers.Length);
            servers[victim].Kill(entireProcessTree: true); // SIGKILL: no shutdown, leases left to expire
            await servers[victim].WaitForExitAsync();
            servers[victim].Dispose();
            servers[victim] = StartServer();
            kills++;
            break;
        case < 8:
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
                terminated += Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }
            catch (NpgsqlException) { }
            break;
        default:
            await postgres.RestartAsync();
            restarts++;
            break;
    }
}
Console.WriteLine($"Faults done: {kills} SIGKILLs, {restarts} PostgreSQL restarts, {terminated} backends terminated. Waiting for the queue to drain...");

var counts = new Dictionary<string, long>();
var drain = Stopwatch.StartNew();
while (drain.Elapsed < TimeSpan.FromMinutes(5))
{
    counts = await CountAsync(connectionString);
    if (counts["finished"] == jobs && counts["extraction_done"] == 0) break;
    await Task.Delay(1000);
}
foreach (var server in servers) server.Kill(entireProcessTree: true);

Console.WriteLine($"jobs {jobs}; completed {counts["completed"]}; failed {counts["failed"]}; still running {jobs - counts["finished"]}; " +
    $"result rows {counts["rows"]}; jobs with a row {counts["jobs_with_row"]}; duplicate rows {counts["rows"] - counts["jobs_with_row"]}; " +
    $"completed without a row {counts["completed_without_row"]}; attempts max {counts["max_attempts"]}");
var ok = counts["completed"] == jobs && counts["rows"] == jobs && counts["jobs_with_row"] == jobs && counts["completed_without_row"] == 0;
Console.WriteLine(ok ? "PASS: every job finished exactly once with exactly one result row." : "FAIL");
await postgres.StopAsync("immediate");
try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
return ok ? 0 : 1;

static async Task<Dictionary<string, long>> CountAsync(string connectionString)
{
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM jobs WHERE status = 'completed'),
                       (SELECT count(*) FROM jobs WHERE status = 'failed'),
                       (SELECT count(*) FROM jobs WHERE status IN ('completed', 'failed', 'cancelled')),
                       (SELECT count(*) FROM jobs WHERE status = 'extraction_done'),
                       (SELECT count(*) FROM extraction_results),
                       (SELECT count(DISTINCT job_id) FROM extraction_results),
                       (SELECT count(*) FROM jobs j WHERE status = 'completed' AND NOT EXISTS (SELECT 1 FROM extraction_results r WHERE r.job_id = j.id)),
                       (SELECT coalesce(max(attempts), 0) FROM jobs)
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new Dictionary<string, long>
            {
                ["completed"] = reader.GetInt64(0), ["failed"] = reader.GetInt64(1), ["finished"] = reader.GetInt64(2),
                ["extraction_done"] = reader.GetInt64(3), ["rows"] = reader.GetInt64(4), ["jobs_with_row"] = reader.GetInt64(5),
                ["completed_without_row"] = reader.GetInt64(6), ["max_attempts"] = reader.GetInt32(7),
            };
        }
        catch (NpgsqlException) when (attempt < 30)
        {
            await Task.Delay(1000);
        }
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
