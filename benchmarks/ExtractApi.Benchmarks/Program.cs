using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Queue throughput and start latency of the job engine on a durable local PostgreSQL (fsync on), beside two peer
// PostgreSQL queues (graphile-worker and pg-boss, on Node) measured on the same cluster in the same run.
// Usage: dotnet run -c Release --project benchmarks/ExtractApi.Benchmarks [-- --jobs 20000 --rounds 3 --samples 500 --no-peers --only single]
if (args.Contains("--help"))
{
    Console.WriteLine("""
        Queue benchmark: ExtractApi's job engine beside graphile-worker and pg-boss on one durable local PostgreSQL.
          --jobs N       jobs per throughput run (default 20000)
          --rounds N     throughput rounds, every queue once per round; the table shows medians (default 3)
          --samples N    insert-to-start latency samples (default 500)
          --no-peers     ExtractApi only (no Node peers)
          --only MODE    single (one at a time), batched or latency: only that measurement, for every queue
        """);
    return 0;
}
var jobs = Option("--jobs", 20_000);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (only is not (null or "single" or "batched" or "latency")) throw new ArgumentException($"--only {only}: single, batched or latency.");
bool Measures(string mode) => only is null || only == mode;
var samples = Option("--samples", 500);
var withPeers = !args.Contains("--no-peers");
var rounds = Option("--rounds", 3);
var root = Path.Combine(Path.GetTempPath(), $"extractapi-bench-{Guid.NewGuid():N}");
var cluster = await LocalPostgres.StartAsync(root, durable: true, NullLogger.Instance);
try
{
    Console.WriteLine($"Queue benchmark: {Environment.ProcessorCount} cores, PostgreSQL durable (fsync on), {jobs:N0} queued jobs per throughput run, " +
        $"{samples} start-latency samples; the job: SHA-256 of its JSON payload.");
    Console.WriteLine("ExtractApi, result only: each job is claimed, hashed and completed with its result on the job row (the");
    Console.WriteLine("peers' work: they keep no result). With result row: the result row is also staged (extraction_done) and landed");
    Console.WriteLine("into extraction_results by the bulk writer, which completes the job (what a real extraction job does).");
    Console.WriteLine("one at a time: one job per fetch, 16 in flight; batched: fetches of 100, 100 in flight. Every queue first drains");
    Console.WriteLine("2,000 jobs unmeasured in the same process. Latency: from just before the insert call to the handler's start, one");
    Console.WriteLine("job at a time into an idle, listening worker.");
    Console.WriteLine();
    var ours = new QueueResult("ExtractApi, result only");
    var withRows = new QueueResult("ExtractApi, with result row");
    var results = new List<QueueResult> { ours, withRows };
    var modes = new[] { (Mode: "single", Batch: 1, Concurrency: 16), (Mode: "batched", Batch: 100, Concurrency: 100) }.Where(m => Measures(m.Mode)).ToList();
    // Warm-up: the JIT compiles and tiers the engine's code paths before anything is measured (as the peers' runs do).
    foreach (var (_, batch, concurrency) in modes)
    {
        foreach (var rows in new[] { false, true })
        {
            var database = await FreshDatabaseAsync(cluster);
            await EnqueueAsync(database, Math.Min(2000, jobs));
            await DrainAsync(cluster, database, batch, concurrency, rows, Math.Min(2000, jobs));
        }
    }
    var peers = withPeers ? await Peers.PrepareAsync() : null;
    var peerResults = withPeers ? new[] { "graphile-worker", "pg-boss" }.Select(p => new QueueResult(p)).ToList() : [];
    results.AddRange(peerResults);
    // Rounds: every queue is measured once per round, one after the other, so a change of the machine's load
    // falls on all of them; the table reports each queue's median round.
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var (mode, batch, concurrency) in modes)
        {
            foreach (var (result, rows) in new[] { (ours, false), (withRows, true) })
            {
                var database = await FreshDatabaseAsync(cluster);
                await EnqueueAsync(database, jobs);
                var (elapsed, costs) = await DrainAsync(cluster, database, batch, concurrency, rows, jobs);
                result.Add(mode, jobs / elapsed.TotalSeconds);
                Console.WriteLine($"round {round}, {result.Name}, {mode,-7}: {jobs / elapsed.TotalSeconds,8:N0} jobs/s ({jobs:N0} in {elapsed.TotalSeconds:N1} s)");
                Console.WriteLine($"    {costs}");
            }
            foreach (var result in peerResults)
            {
                var database = await FreshDatabaseAsync(cluster, migrate: false);
                RunCosts.Snapshot? before = null;
                var run = await peers!.RunAsync(result.Name, database, "throughput", jobs, mode == "single" ? "single" : "batch",
                    async () => before = await CostSnapshotAsync(cluster, database, TimeSpan.Zero));
                var after = await CostSnapshotAsync(cluster, database, TimeSpan.FromMilliseconds(run.GetProperty("cpuMs").GetDouble()));
                var perSecond = run.GetProperty("jobsPerSecond").GetDouble();
                result.Add(mode, perSecond);
                Console.WriteLine($"round {round}, {result.Name}, {mode,-7}: {perSecond,8:N0} jobs/s ({jobs:N0} in {run.GetProperty("seconds").GetDouble():N1} s)");
                Console.WriteLine($"    {RunCosts.PerJob(before!, after, jobs)}");
            }
        }
    }
    if (Measures("latency"))
    {
        var latencies = await StartLatenciesAsync(await FreshDatabaseAsync(cluster), samples);
        (ours.LatencyMedian, ours.LatencyP99) = (Percentile(latencies, 0.5), Percentile(latencies, 0.99));
        Console.WriteLine($"ExtractApi, insert-to-start latency: median {ours.LatencyMedian:N2} ms, p99 {ours.LatencyP99:N2} ms, max {latencies[^1]:N2} ms");
        foreach (var result in peerResults)
        {
            var latency = await peers!.RunAsync(result.Name, await FreshDatabaseAsync(cluster, migrate: false), "latency", samples, "single");
            (result.LatencyMedian, result.LatencyP99) = (latency.GetProperty("medianMs").GetDouble(), latency.GetProperty("p99Ms").GetDouble());
            Console.WriteLine($"{result.Name}, insert-to-start latency: median {result.LatencyMedian:N2} ms, p99 {result.LatencyP99:N2} ms, max {latency.GetProperty("maxMs").GetDouble():N2} ms");
        }
    }

    Console.WriteLine();
    Console.WriteLine("| queue | one at a time, jobs/s | batched, jobs/s | insert → start, median ms | p99 ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var r in results)
    {
        Console.WriteLine($"| {r.Name} | {Rate(r.Single)} | {Rate(r.Batched)} | {r.LatencyMedian?.ToString("N2", CultureInfo.InvariantCulture) ?? "–"} | {r.LatencyP99?.ToString("N2", CultureInfo.InvariantCulture) ?? "–"} |");
    }
    foreach (var peer in peerResults)
    {
        Console.WriteLine($"| ExtractApi, result only ÷ {peer.Name} | {Ratio(ours.Single, peer.Single)} | {Ratio(ours.Batched, peer.Batched)} | | |");
    }

    // A mode left out by --only was not measured: "–", not 0 jobs/s and a NaN ratio.
    static string Rate(double jobsPerSecond) => jobsPerSecond > 0 ? $"{jobsPerSecond:N0}" : "–";
    static string Ratio(double ours, double peer) => ours > 0 && peer > 0 ? $"{ours / peer:N2}×" : "–";
}
finally
{
    await cluster.StopAsync("fast");
    try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}
return 0;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task<string> FreshDatabaseAsync(LocalPostgres cluster, bool migrate = true)
{
    var connectionString = await cluster.EnsureDatabaseAsync($"bench_{Guid.NewGuid():N}");
    if (!migrate) return connectionString;
    await using var db = new JobsDbContext(new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql(connectionString).Options);
    await db.Database.MigrateAsync();
    return connectionString;
}

// One statement, as a bulk import would (the jobs and their queue rows): the insert trigger sends one notification for
// all of them.
static async Task EnqueueAsync(string connectionString, int count)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("""
        WITH job AS (
            INSERT INTO jobs (id, owner_subject, organisation_id, dialect, kind, status, request, total, completed, credits_used,
                attempts, max_attempts, cancel_requested, created_at, updated_at, expires_at)
            SELECT gen_random_uuid(), 'bench', 'bench', 'firecrawl', 'digest', 'pending', jsonb_build_object('n', i), 0, 0, 0,
                0, 3, false, now(), now(), now() + interval '1 day'
            FROM generate_series(1, @count) AS i
            RETURNING id
        )
        INSERT INTO queued_jobs (job_id, status, run_after) SELECT id, 'pending', now() FROM job
        """, connection);
    command.Parameters.AddWithValue("count", count);
    command.CommandTimeout = 600;
    await command.ExecuteNonQueryAsync();
    await using var analyze = new NpgsqlCommand("ANALYZE jobs, queued_jobs", connection);
    await analyze.ExecuteNonQueryAsync();
}

static IHost Engine(string connectionString, int claimBatch, int concurrency, Action<IServiceCollection>? extra = null)
{
    // No default configuration sources: they would watch the working directory's whole tree for appsettings changes
    // (an inotify watch per folder, a quarter of a second of CPU per host in a repository checkout).
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Engine:ClaimBatchSize"] = claimBatch.ToString(CultureInfo.InvariantCulture),
        ["Engine:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
        ["Engine:WriterInterval"] = "00:00:00.050",
    });
    builder.Services.AddSingleton(new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { MaxPoolSize = 200 } }.Build());
    builder.Services.AddJobEngine(runWorkers: true);
    builder.Services.AddJobHandler(new DigestHandler());
    extra?.Invoke(builder.Services);
    return builder.Build();
}

// Counters of the whole cluster once every connection that was used is closed (a backend flushes its statistics
// when it ends), with the CPU time the queue's process spent: the caller's count, or (none given) this process's own
// time read after the pause, so what this process did before (a migration, the last run's clean-up) is not the run's.
static async Task<RunCosts.Snapshot> CostSnapshotAsync(LocalPostgres cluster, string connectionString, TimeSpan? clientCpu = null)
{
    NpgsqlConnection.ClearAllPools();
    await Task.Delay(1000);
    return await RunCosts.TakeAsync(connectionString, Path.Combine(cluster.Root, "pgdata"), clientCpu ?? Process.GetCurrentProcess().TotalProcessorTime);
}

// Jobs/s from the first claim to the last completion, by the database's clock (host start-up is not counted).
static async Task<(TimeSpan Elapsed, RunCosts Costs)> DrainAsync(LocalPostgres cluster, string connectionString, int claimBatch, int concurrency,
    bool resultRows, int count)
{
    var before = await CostSnapshotAsync(cluster, connectionString);
    var host = Engine(connectionString, claimBatch, concurrency,
        resultRows ? null : services => services.AddJobHandler(new ResultOnlyHandler(new DigestHandler())));
    var clock = Stopwatch.StartNew();
    await host.StartAsync();
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    // Unfinished jobs are the ones with a queue row; one row read, so polling does not slow the run it measures.
    await using var left = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM queued_jobs)", connection);
    while ((bool)(await left.ExecuteScalarAsync())!)
    {
        if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException("The queue did not drain in 10 minutes.");
        await Task.Delay(250);
    }
    await host.StopAsync();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    await host.Services.GetRequiredService<NpgsqlDataSource>().DisposeAsync(); // its backends end and flush their statistics
    host.Dispose();
    var after = await CostSnapshotAsync(cluster, connectionString, cpu);
    await using var span = new NpgsqlCommand(
        "SELECT extract(epoch FROM max(finished_at) - min(started_at)), count(*) FILTER (WHERE status = 'completed') FROM jobs", connection);
    await using var reader = await span.ExecuteReaderAsync();
    await reader.ReadAsync();
    if (reader.GetInt64(1) != count) throw new InvalidOperationException($"Only {reader.GetInt64(1)} of {count} jobs completed.");
    return (TimeSpan.FromSeconds(reader.GetDouble(0)), RunCosts.PerJob(before, after, count));
}

// From just before the submit call to the handler's start (the peers are measured the same way, by their own clock).
static async Task<List<double>> StartLatenciesAsync(string connectionString, int samples)
{
    var timing = new StartTimingHandler(new DigestHandler());
    using var host = Engine(connectionString, claimBatch: 16, concurrency: 16, services => services.AddJobHandler(timing));
    await host.StartAsync();
    await Task.Delay(1000); // the listener connects; the worker goes idle
    var submitter = host.Services.GetRequiredService<JobSubmitter>();
    var latencies = new List<double>(samples);
    for (var i = 0; i < samples; i++)
    {
        var started = timing.Next();
        var before = Stopwatch.GetTimestamp();
        await submitter.SubmitAsync(new JobSubmission("bench", "bench", Dialect.Firecrawl, JobKind.Digest, $$"""{"n":{{i}}}"""), CancellationToken.None);
        var at = await started.WaitAsync(TimeSpan.FromSeconds(10));
        latencies.Add(Stopwatch.GetElapsedTime(before, at).TotalMilliseconds);
        await Task.Delay(5); // let the worker go idle again
    }
    await host.StopAsync();
    latencies.Sort();
    return latencies;
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

/// <summary>The digest job, telling the benchmark when each run starts (a Stopwatch timestamp).</summary>
internal sealed class StartTimingHandler(IJobHandler inner) : IJobHandler
{
    private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JobKind Kind => inner.Kind;

    public Task<long> Next()
    {
        _next = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _next.Task;
    }

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        _next.TrySetResult(Stopwatch.GetTimestamp());
        return inner.RunAsync(context, cancellationToken);
    }
}

/// <summary>The digest job keeping its result on the job row only: no result row is staged, so it completes at once.</summary>
internal sealed class ResultOnlyHandler(IJobHandler inner) : IJobHandler
{
    public JobKind Kind => inner.Kind;

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken) =>
        await inner.RunAsync(context, cancellationToken) is JobOutcome.Succeeded succeeded ? JobOutcome.Success(succeeded.ResultJson) : throw new InvalidOperationException("The digest failed.");
}

internal sealed record QueueResult(string Name)
{
    private readonly List<double> _single = [], _batched = [];

    /// <summary>Jobs/s of the median round (0 when not measured).</summary>
    public double Single => Median(_single);
    public double Batched => Median(_batched);

    public void Add(string mode, double jobsPerSecond) => (mode == "single" ? _single : _batched).Add(jobsPerSecond);

    private static double Median(List<double> rounds) => rounds.Count == 0 ? 0 : rounds.Order().ElementAt(rounds.Count / 2);

    /// <summary>Null for rows whose latency is not sampled (ExtractApi with the result row).</summary>
    public double? LatencyMedian { get; set; }
    public double? LatencyP99 { get; set; }
}

/// <summary>The peer queues: <c>peers/queue-bench.mjs</c> on Node, its packages pinned by peers/package-lock.json.</summary>
internal sealed class Peers(string folder)
{
    public static async Task<Peers> PrepareAsync()
    {
        var folder = FindFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "graphile-worker")) || !Directory.Exists(Path.Combine(folder, "node_modules", "pg-boss")))
        {
            var (exit, output) = await RunAsync(folder, "npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (exit != 0) throw new InvalidOperationException($"npm ci failed in {folder} ({exit}): {output}");
        }
        return new Peers(folder);
    }

    /// <summary>
    /// Runs one measurement. A throughput run prints <c>ready</c> once its jobs are inserted and waits for a line on
    /// its standard input before its workers start: <paramref name="onReady"/> runs in between (the cost snapshot).
    /// </summary>
    public async Task<JsonElement> RunAsync(string peer, string connectionString, string measure, int count, string mode, Func<Task>? onReady = null)
    {
        var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        var url = $"postgres://{Uri.EscapeDataString(npgsql.Username!)}:{Uri.EscapeDataString(npgsql.Password ?? "")}@{npgsql.Host}:{npgsql.Port}/{Uri.EscapeDataString(npgsql.Database!)}";
        var (exit, output) = await RunAsync(folder, "node", ["queue-bench.mjs", peer, url, measure, count.ToString(CultureInfo.InvariantCulture), mode],
            TimeSpan.FromMinutes(15), onReady);
        if (exit != 0) throw new InvalidOperationException($"{peer} {measure} {mode} exited {exit}: {output}");
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "peers");
            if (File.Exists(Path.Combine(candidate, "package-lock.json"))) return candidate;
            candidate = Path.Combine(dir.FullName, "benchmarks", "ExtractApi.Benchmarks", "peers");
            if (File.Exists(Path.Combine(candidate, "package-lock.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("benchmarks/ExtractApi.Benchmarks/peers was not found above the benchmark's binaries.");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string folder, string file, string[] args, TimeSpan timeout, Func<Task>? onReady = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        var stdout = new System.Text.StringBuilder();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                if (line == "ready")
                {
                    if (onReady is not null) await onReady();
                    await process.StandardInput.WriteLineAsync("go");
                    await process.StandardInput.FlushAsync(cts.Token);
                    continue;
                }
                stdout.AppendLine(line);
            }
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}.");
        }
        return (process.ExitCode, process.ExitCode == 0 ? stdout.ToString() : stdout + await stderr);
    }
}
