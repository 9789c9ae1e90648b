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
// With --embedded: one server on its embedded PostgreSQL (no connection string) whose postmaster this program
// SIGKILLs repeatedly; the server's supervisor must start it again and finish every job once, untouched.
int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
var jobs = Option("jobs", 2000);
var seconds = Option("seconds", 60);
var workMs = Option("work-ms", 300);

var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
var serverDll = Path.Combine(repository, "src", "ExtractApi", "bin", configuration, "net10.0", "ExtractApi.dll");
var engineSettings = new Dictionary<string, string>
{
    ["Auth__SigningKey"] = "fault-run-signing-key-0123456789-0123456789-0123456789",
    ["Serilog__MinimumLevel__Default"] = "Fatal",
    ["Engine__RunDigestJobs"] = "true",
    ["Engine__LeaseDuration"] = "00:00:04",
    ["Engine__HeartbeatInterval"] = "00:00:01",
    ["Engine__RescueInterval"] = "00:00:01",
    ["Engine__RetryBaseDelay"] = "00:00:00.200",
    ["Engine__RetryMaxDelay"] = "00:00:02",
    ["Engine__WriterInterval"] = "00:00:00.200",
};
Process StartServer(IReadOnlyDictionary<string, string> settings)
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(serverDll)! };
    start.ArgumentList.Add(serverDll);
    start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
    foreach (var (key, value) in engineSettings.Concat(settings)) start.Environment[key] = value;
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

if (args.Contains("--embedded")) return await EmbeddedRunAsync();

var root = Path.Combine(Path.GetTempPath(), $"extractapi-faultrun-{Environment.ProcessId}");
var postgres = await LocalPostgres.StartAsync(root, durable: true, NullLogger.Instance);
var connectionString = await postgres.EnsureDatabaseAsync("faultrun");
await using (var db = new JobsDbContext(new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql(connectionString).Options))
{
    await db.Database.MigrateAsync();
}

await SubmitAsync(connectionString);
Console.WriteLine($"Queued {jobs} jobs of {workMs} ms each; faults for {seconds} s.");

Process StartServerOn(string connection) => StartServer(new Dictionary<string, string> { ["ConnectionStrings__Jobs"] = connection });

var servers = new[] { StartServerOn(connectionString), StartServerOn(connectionString) };
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
            servers[victim] = StartServerOn(connectionString);
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

var ok = await DrainAndCheckAsync(connectionString);
foreach (var server in servers) server.Kill(entireProcessTree: true);
await postgres.StopAsync("immediate");
try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
return ok ? 0 : 1;

async Task SubmitAsync(string connection)
{
    await using var dataSource = NpgsqlDataSource.Create(connection);
    var submitter = new JobSubmitter(dataSource, Options.Create(new EngineSettings { MaxAttempts = 25 }));
    for (var i = 0; i < jobs; i++)
    {
        await submitter.SubmitAsync(new JobSubmission("fault", "fault", Dialect.JustCrawl, JobKind.Digest,
            $$"""{"n":{{i}},"workMs":{{workMs}}}""") { MaxAttempts = 25 }, CancellationToken.None);
    }
}

// Waits (at most 5 minutes) for the queue to drain, prints the counts, and checks every job finished once with one row.
async Task<bool> DrainAndCheckAsync(string connection)
{
    var counts = new Dictionary<string, long>();
    var drain = Stopwatch.StartNew();
    while (drain.Elapsed < TimeSpan.FromMinutes(5))
    {
        counts = await CountAsync(connection);
        if (counts["finished"] == jobs && counts["extraction_done"] == 0) break;
        await Task.Delay(1000);
    }
    Console.WriteLine($"jobs {jobs}; completed {counts["completed"]}; failed {counts["failed"]}; still running {jobs - counts["finished"]}; " +
        $"result rows {counts["rows"]}; jobs with a row {counts["jobs_with_row"]}; duplicate rows {counts["rows"] - counts["jobs_with_row"]}; " +
        $"completed without a row {counts["completed_without_row"]}; queue rows left {counts["queue_rows"]}; attempts max {counts["max_attempts"]}; drained in {drain.Elapsed.TotalSeconds:F1} s");
    var passed = counts["completed"] == jobs && counts["rows"] == jobs && counts["jobs_with_row"] == jobs && counts["completed_without_row"] == 0
        && counts["queue_rows"] == 0;
    Console.WriteLine(passed ? "PASS: every job finished exactly once with exactly one result row, and left the queue." : "FAIL");
    return passed;
}

// The embedded scenario: the server starts and supervises its own cluster; only its postmaster is killed.
async Task<int> EmbeddedRunAsync()
{
    var data = Path.Combine(Path.GetTempPath(), $"extractapi-faultrun-embedded-{Environment.ProcessId}");
    var pgdata = Path.Combine(data, "postgres", "pgdata");
    int migrations;
    await using (var model = new JobsDbContext(new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql("Host=unused").Options))
    {
        migrations = model.Database.GetMigrations().Count();
    }
    var server = StartServer(new Dictionary<string, string> { ["LocalData__Directory"] = data });
    string? connection = null;
    var started = Stopwatch.StartNew();
    while (connection is null)
    {
        if (server.HasExited || started.Elapsed > TimeSpan.FromMinutes(3)) throw new InvalidOperationException("The server did not start its embedded cluster.");
        await Task.Delay(500);
        if (PostmasterPid() is not { } pid || !File.Exists(Path.Combine(data, "postgres", "password"))) continue;
        var candidate = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = pid.Port, Username = "postgres", Database = "extractapi", Pooling = false,
            Password = (await File.ReadAllTextAsync(Path.Combine(data, "postgres", "password"))).Trim(),
        }.ConnectionString;
        try
        {
            await using var probe = new NpgsqlConnection(candidate);
            await probe.OpenAsync();
            // Every migration applied by the server, not only the first that made the jobs table.
            await using var history = new NpgsqlCommand("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL", probe);
            if (await history.ExecuteScalarAsync() is not true) continue;
            await using var migrated = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", probe);
            if (Convert.ToInt32(await migrated.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == migrations) connection = candidate;
        }
        catch (NpgsqlException) { }
    }
    await SubmitAsync(connection);
    Console.WriteLine($"Queued {jobs} jobs of {workMs} ms each on the embedded cluster; killing its postmaster for {seconds} s.");

    var kills = 0;
    var restartTimes = new List<double>();
    var random = new Random(7);
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
    {
        await Task.Delay(TimeSpan.FromMilliseconds(3000 + random.Next(3000)));
        if (PostmasterPid() is not { } victim) continue;
        try
        {
            using var postmaster = Process.GetProcessById(victim.Pid);
            postmaster.Kill(); // SIGKILL, the postmaster alone
            kills++;
        }
        catch (ArgumentException) { continue; }
        var down = Stopwatch.StartNew();
        while (down.Elapsed < TimeSpan.FromMinutes(1) && (PostmasterPid() is not { } next || next.Pid == victim.Pid)) await Task.Delay(100);
        restartTimes.Add(down.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"Faults done: {kills} postmaster SIGKILLs; back after {string.Join(", ", restartTimes.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} s; " +
        $"the server {(server.HasExited ? "EXITED" : "kept running")}. Waiting for the queue to drain...");
    var passed = false;
    try
    {
        passed = await DrainAndCheckAsync(connection) && !server.HasExited && kills > 0;
    }
    finally
    {
        await StopAsync();
    }
    return passed ? 0 : 1;

    async Task StopAsync()
    {
        using (var stop = Process.Start("kill", ["-INT", server.Id.ToString(CultureInfo.InvariantCulture)])) await stop.WaitForExitAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try { await server.WaitForExitAsync(timeout.Token); } catch (OperationCanceledException) { server.Kill(entireProcessTree: true); }
        }
        if (PostmasterPid() is { } left)
        {
            try { using var leftover = Process.GetProcessById(left.Pid); leftover.Kill(); } catch (ArgumentException) { }
        }
        try { Directory.Delete(data, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    (int Pid, int Port)? PostmasterPid()
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(pgdata, "postmaster.pid"));
            if (lines.Length < 4 || !int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) || !int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port)) return null;
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is 'Z' or 'X' ? null : (pid, port);
        }
        catch (IOException) { return null; }
    }
}

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
                       (SELECT coalesce(max(attempts), 0) FROM jobs),
                       (SELECT count(*) FROM queued_jobs)
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new Dictionary<string, long>
            {
                ["completed"] = reader.GetInt64(0), ["failed"] = reader.GetInt64(1), ["finished"] = reader.GetInt64(2),
                ["extraction_done"] = reader.GetInt64(3), ["rows"] = reader.GetInt64(4), ["jobs_with_row"] = reader.GetInt64(5),
                ["completed_without_row"] = reader.GetInt64(6), ["max_attempts"] = reader.GetInt32(7),
                ["queue_rows"] = reader.GetInt64(8),
            };
        }
        catch (NpgsqlException) when (attempt < 180) // a database coming back after a fault may take minutes under load
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
