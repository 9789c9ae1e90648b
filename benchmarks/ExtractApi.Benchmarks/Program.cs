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
// Usage: dotnet run -c Release --project benchmarks/ExtractApi.Benchmarks [-- --jobs 100000 --samples 500 --no-peers]
var jobs = Option("--jobs", 100_000);
var samples = Option("--samples", 500);
var withPeers = !args.Contains("--no-peers");
var root = Path.Combine(Path.GetTempPath(), $"extractapi-bench-{Guid.NewGuid():N}");
var cluster = await LocalPostgres.StartAsync(root, durable: true, NullLogger.Instance);
try
{
    Console.WriteLine($"Queue benchmark: {Environment.ProcessorCount} cores, PostgreSQL durable (fsync on), {jobs:N0} queued jobs per throughput run, " +
        $"{samples} start-latency samples; the job: SHA-256 of its JSON payload.");
    Console.WriteLine("ExtractApi: each job is claimed, hashed, staged (extraction_done), landed by the bulk writer and completed.");
    Console.WriteLine("one at a time: one job per fetch, 16 in flight; batched: fetches of 100, 100 in flight. Latency: from just before the");
    Console.WriteLine("insert call to the handler's start, one job at a time into an idle, listening worker.");
    Console.WriteLine();
    var results = new List<QueueResult>();
    var ours = new QueueResult("ExtractApi");
    // One at a time also with a single claim loop (Engine:ClaimLoops = 1, the engine before it had several): the
    // difference the concurrent claim loops make, in the same run.
    foreach (var (batch, concurrency, loops) in new[] { (1, 16, 0), (1, 16, 1), (100, 100, 0) })
    {
        var database = await FreshDatabaseAsync(cluster);
        await EnqueueAsync(database, jobs);
        var elapsed = await DrainAsync(database, batch, concurrency, loops, jobs);
        if (loops == 1) ours.SingleOneLoop = jobs / elapsed.TotalSeconds;
        else if (batch == 1) ours.Single = jobs / elapsed.TotalSeconds;
        else ours.Batched = jobs / elapsed.TotalSeconds;
        Console.WriteLine($"ExtractApi, claims of {batch,3}, concurrency {concurrency,3}, {(loops == 0 ? "claim loops automatic" : $"{loops} claim loop")}: " +
            $"{jobs / elapsed.TotalSeconds,8:N0} jobs/s ({jobs:N0} in {elapsed.TotalSeconds:N1} s)");
    }
    var latencies = await StartLatenciesAsync(await FreshDatabaseAsync(cluster), samples);
    (ours.LatencyMedian, ours.LatencyP99) = (Percentile(latencies, 0.5), Percentile(latencies, 0.99));
    Console.WriteLine($"ExtractApi, insert-to-start latency: median {ours.LatencyMedian:N2} ms, p99 {ours.LatencyP99:N2} ms, max {latencies[^1]:N2} ms");
    results.Add(ours);

    if (withPeers)
    {
        var peers = await Peers.PrepareAsync();
        foreach (var peer in new[] { "graphile-worker", "pg-boss" })
        {
            var result = new QueueResult(peer);
            foreach (var mode in new[] { "single", "batch" })
            {
                var run = await peers.RunAsync(peer, await FreshDatabaseAsync(cluster, migrate: false), "throughput", jobs, mode);
                var perSecond = run.GetProperty("jobsPerSecond").GetDouble();
                if (mode == "single") result.Single = perSecond; else result.Batched = perSecond;
                Console.WriteLine($"{peer}, {mode,-6}: {perSecond,8:N0} jobs/s ({jobs:N0} in {run.GetProperty("seconds").GetDouble():N1} s)");
            }
            var latency = await peers.RunAsync(peer, await FreshDatabaseAsync(cluster, migrate: false), "latency", samples, "single");
            (result.LatencyMedian, result.LatencyP99) = (latency.GetProperty("medianMs").GetDouble(), latency.GetProperty("p99Ms").GetDouble());
            Console.WriteLine($"{peer}, insert-to-start latency: median {result.LatencyMedian:N2} ms, p99 {result.LatencyP99:N2} ms, max {latency.GetProperty("maxMs").GetDouble():N2} ms");
            results.Add(result);
        }
    }

    Console.WriteLine();
    Console.WriteLine("| queue | one at a time, jobs/s | batched, jobs/s | insert → start, median ms | p99 ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var r in results)
    {
        var ratio = r == ours ? $" (1 claim loop: {ours.SingleOneLoop:N0})" : $" (ExtractApi {ours.Single / r.Single:N1}×, with 1 claim loop {ours.SingleOneLoop / r.Single:N1}×)";
        var batchRatio = r == ours ? "" : $" (ExtractApi {ours.Batched / r.Batched:N1}×)";
        Console.WriteLine($"| {r.Name} | {r.Single:N0}{ratio} | {r.Batched:N0}{batchRatio} | {r.LatencyMedian:N2} | {r.LatencyP99:N2} |");
    }
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

// One statement, as a bulk import would: the insert trigger sends one notification for all of them.
static async Task EnqueueAsync(string connectionString, int count)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("""
        INSERT INTO jobs (id, owner_subject, organisation_id, dialect, kind, status, request, total, completed, credits_used,
            attempts, max_attempts, run_after, cancel_requested, created_at, updated_at, expires_at)
        SELECT gen_random_uuid(), 'bench', 'bench', 'firecrawl', 'digest', 'pending', jsonb_build_object('n', i), 0, 0, 0,
            0, 3, now(), false, now(), now(), now() + interval '1 day'
        FROM generate_series(1, @count) AS i
        """, connection);
    command.Parameters.AddWithValue("count", count);
    command.CommandTimeout = 600;
    await command.ExecuteNonQueryAsync();
    await using var analyze = new NpgsqlCommand("ANALYZE jobs", connection);
    await analyze.ExecuteNonQueryAsync();
}

static IHost Engine(string connectionString, int claimBatch, int concurrency, Action<IServiceCollection>? extra = null, int claimLoops = 0)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Engine:ClaimBatchSize"] = claimBatch.ToString(CultureInfo.InvariantCulture),
        ["Engine:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
        ["Engine:ClaimLoops"] = claimLoops.ToString(CultureInfo.InvariantCulture),
        ["Engine:WriterInterval"] = "00:00:00.050",
    });
    builder.Services.AddSingleton(new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { MaxPoolSize = 200 } }.Build());
    builder.Services.AddJobEngine(runWorkers: true);
    builder.Services.AddJobHandler(new DigestHandler());
    extra?.Invoke(builder.Services);
    return builder.Build();
}

// Jobs/s from the first claim to the last completion, by the database's clock (host start-up is not counted).
static async Task<TimeSpan> DrainAsync(string connectionString, int claimBatch, int concurrency, int claimLoops, int count)
{
    using var host = Engine(connectionString, claimBatch, concurrency, claimLoops: claimLoops);
    var clock = Stopwatch.StartNew();
    await host.StartAsync();
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    // The partial indexes make this cheap, so polling does not slow the run it measures.
    await using var left = new NpgsqlCommand("""
        SELECT (SELECT count(*) FROM jobs WHERE status = 'pending') + (SELECT count(*) FROM jobs WHERE status = 'processing')
            + (SELECT count(*) FROM jobs WHERE status = 'extraction_done')
        """, connection);
    while ((long)(await left.ExecuteScalarAsync())! > 0)
    {
        if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException("The queue did not drain in 10 minutes.");
        await Task.Delay(250);
    }
    await host.StopAsync();
    await using var span = new NpgsqlCommand(
        "SELECT extract(epoch FROM max(finished_at) - min(started_at)), count(*) FILTER (WHERE status = 'completed') FROM jobs", connection);
    await using var reader = await span.ExecuteReaderAsync();
    await reader.ReadAsync();
    if (reader.GetInt64(1) != count) throw new InvalidOperationException($"Only {reader.GetInt64(1)} of {count} jobs completed.");
    return TimeSpan.FromSeconds(reader.GetDouble(0));
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

internal sealed record QueueResult(string Name)
{
    public double Single { get; set; }
    /// <summary>ExtractApi one at a time with a single claim loop.</summary>
    public double SingleOneLoop { get; set; }
    public double Batched { get; set; }
    public double LatencyMedian { get; set; }
    public double LatencyP99 { get; set; }
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

    public async Task<JsonElement> RunAsync(string peer, string connectionString, string measure, int count, string mode)
    {
        var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        var url = $"postgres://{Uri.EscapeDataString(npgsql.Username!)}:{Uri.EscapeDataString(npgsql.Password ?? "")}@{npgsql.Host}:{npgsql.Port}/{Uri.EscapeDataString(npgsql.Database!)}";
        var (exit, output) = await RunAsync(folder, "node", ["queue-bench.mjs", peer, url, measure, count.ToString(CultureInfo.InvariantCulture), mode], TimeSpan.FromMinutes(15));
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

    private static async Task<(int Exit, string Output)> RunAsync(string folder, string file, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}.");
        }
        return (process.ExitCode, process.ExitCode == 0 ? await stdout : await stdout + await stderr);
    }
}
