using System.Diagnostics;
using System.Globalization;
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

// Queue throughput and start latency of the job engine on a durable local PostgreSQL (fsync on), printed as figures.
// Usage: dotnet run -c Release --project benchmarks/ExtractApi.Benchmarks [-- --jobs 100000]
var jobs = args is ["--jobs", var n, ..] ? int.Parse(n, CultureInfo.InvariantCulture) : 100_000;
var root = Path.Combine(Path.GetTempPath(), $"extractapi-bench-{Guid.NewGuid():N}");
var cluster = await LocalPostgres.StartAsync(root, durable: true, NullLogger.Instance);
try
{
    Console.WriteLine($"ExtractApi engine benchmark: {Environment.ProcessorCount} cores, PostgreSQL durable (fsync on), {jobs:N0} queued Digest jobs per run");
    Console.WriteLine("Each job is claimed, hashed, staged (extraction_done), landed by the bulk writer and completed.");
    Console.WriteLine();
    foreach (var (name, batch, concurrency) in new[] { ("one at a time (claim batch 1)", 1, 16), ("claim batches of 100", 100, 100) })
    {
        var database = await FreshDatabaseAsync(cluster);
        await EnqueueAsync(database, jobs);
        var elapsed = await DrainAsync(database, batch, concurrency, jobs);
        Console.WriteLine($"{name,-32} concurrency {concurrency,3}: {jobs / elapsed.TotalSeconds,8:N0} jobs/s ({jobs:N0} in {elapsed.TotalSeconds:N1} s)");
    }

    var latencies = await StartLatenciesAsync(await FreshDatabaseAsync(cluster), samples: 500);
    Console.WriteLine();
    Console.WriteLine($"insert-to-start latency, idle worker, {latencies.Count} jobs: median {Percentile(latencies, 0.5):N2} ms, " +
        $"p99 {Percentile(latencies, 0.99):N2} ms, max {latencies[^1]:N2} ms");
}
finally
{
    await cluster.StopAsync("fast");
    try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}
return 0;

static async Task<string> FreshDatabaseAsync(LocalPostgres cluster)
{
    var connectionString = await cluster.EnsureDatabaseAsync($"bench_{Guid.NewGuid():N}");
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

static IHost Engine(string connectionString, int claimBatch, int concurrency, Action<IServiceCollection>? extra = null)
{
    var builder = Host.CreateApplicationBuilder();
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

// Jobs/s from the first claim to the last completion, by the database's clock (host start-up is not counted).
static async Task<TimeSpan> DrainAsync(string connectionString, int claimBatch, int concurrency, int count)
{
    using var host = Engine(connectionString, claimBatch, concurrency);
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

static async Task<List<double>> StartLatenciesAsync(string connectionString, int samples)
{
    using var host = Engine(connectionString, claimBatch: 16, concurrency: 16);
    await host.StartAsync();
    await Task.Delay(1000); // the listener connects; the worker goes idle
    var submitter = host.Services.GetRequiredService<JobSubmitter>();
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    var latencies = new List<double>(samples);
    for (var i = 0; i < samples; i++)
    {
        var submitted = await submitter.SubmitAsync(new JobSubmission("bench", "bench", Dialect.Firecrawl, JobKind.Digest, $$"""{"n":{{i}}}"""), CancellationToken.None);
        await using var started = new NpgsqlCommand("SELECT extract(epoch FROM started_at - created_at) * 1000 FROM jobs WHERE id = @id AND started_at IS NOT NULL", connection);
        started.Parameters.AddWithValue("id", submitted.JobId);
        object? latency;
        var wait = Stopwatch.StartNew();
        while ((latency = await started.ExecuteScalarAsync()) is null or DBNull)
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("A job did not start within 10 s.");
            await Task.Delay(1);
        }
        latencies.Add(Convert.ToDouble(latency, CultureInfo.InvariantCulture));
        await Task.Delay(5); // let the worker go idle again
    }
    await host.StopAsync();
    latencies.Sort();
    return latencies;
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
