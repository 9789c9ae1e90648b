using System.Collections.Concurrent;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ExtractApi.Tests.Engine;

/// <summary>
/// The real server in-process with the job engine running (role <c>all</c> unless told otherwise), on a database of
/// its own or on a shared one (several hosts = several replicas), with intervals short enough for tests.
/// </summary>
public class EngineHost : ApiFactory
{
    /// <summary>Short leases and intervals: a lost worker is noticed in about two seconds.</summary>
    public static readonly Dictionary<string, string?> FastSettings = new()
    {
        ["Engine:LeaseDuration"] = "00:00:02",
        ["Engine:HeartbeatInterval"] = "00:00:00.400",
        ["Engine:RescueInterval"] = "00:00:00.250",
        ["Engine:PollInterval"] = "00:00:00.500",
        ["Engine:RetryBaseDelay"] = "00:00:00.100",
        ["Engine:RetryMaxDelay"] = "00:00:01",
        ["Engine:WriterInterval"] = "00:00:00.100",
        ["Engine:SweepInterval"] = "00:00:00.500",
        ["Engine:ShutdownGrace"] = "00:00:01",
        ["Engine:QueueDepthInterval"] = "00:00:01",
        ["Engine:Concurrency"] = "8",
    };

    static EngineHost()
    {
        // Hosts start with sync-over-async (WebApplicationFactory.Server); on 2 cores the pool grows slowly enough to
        // delay a heartbeat past a 2 s lease. Production leases are 30 s; the tests' are short on purpose.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }

    private readonly string? _sharedConnectionString;
    private readonly string _role;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public EngineHost() : this(null)
    {
    }

    public EngineHost(string? connectionString, string role = "all", IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _sharedConnectionString = connectionString;
        _role = role;
        _settings = new Dictionary<string, string?>(FastSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        _services = services ?? (s => s.AddJobHandler(new DigestHandler(JobKind.Extract)));
    }

    public override async Task InitializeAsync()
    {
        ConnectionString = _sharedConnectionString ?? await TestPostgres.CreateDatabaseAsync("engine");
        _ = Server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Server:Role", _role);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        // The engine's test workload; the production server runs it only with Engine:RunDigestJobs.
        builder.ConfigureTestServices(services => services.AddJobHandler(new DigestHandler()));
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public JobSubmitter Submitter => Get<JobSubmitter>();

    /// <summary>A Digest job (rendered by Firecrawl's <c>GET /v1/extract/{id}</c> when created as kind Extract).</summary>
    public async Task<Guid> SubmitDigestAsync(int workMs = 0, JobKind kind = JobKind.Digest, Dialect dialect = Dialect.Firecrawl,
        string owner = "alice", int? maxAttempts = null, string? note = null)
    {
        var request = $$"""{"workMs":{{workMs}},"note":"{{note ?? Guid.NewGuid().ToString("N")}}"}""";
        var result = await Submitter.SubmitAsync(new JobSubmission(owner, "org-1", dialect, kind, request) { MaxAttempts = maxAttempts },
            CancellationToken.None);
        Assert.Equal(SubmitStatus.Created, result.Status);
        return result.JobId;
    }

    public Task<T> ScalarAsync<T>(string sql, params object[] parameters) => Db.ScalarAsync<T>(ConnectionString, sql, parameters);

    public Task<int> ExecuteAsync(string sql, params object[] parameters) => Db.ExecuteAsync(ConnectionString, sql, parameters);

    public Task<JobStatus> StatusAsync(Guid id) => Db.StatusAsync(ConnectionString, id);

    /// <summary>
    /// Cancels every pending or running job (but <paramref name="except"/>) by hand, queue rows with them, so a test
    /// starts with no claimable job left over from another.
    /// </summary>
    public Task<int> CancelUnfinishedAsync(Guid? except = null) => CancelByHandAsync("id <> $1", except ?? Guid.Empty);

    /// <summary>Cancels one pending or running job by hand, its queue row with it.</summary>
    public Task<int> CancelByHandAsync(Guid id) => CancelByHandAsync("id = $1", id);

    private Task<int> CancelByHandAsync(string condition, Guid id) => ExecuteAsync($"""
        WITH cancelled AS (
            UPDATE jobs SET status = 'cancelled' WHERE status IN ('pending', 'processing') AND {condition} RETURNING id
        )
        DELETE FROM queued_jobs q USING cancelled c WHERE q.job_id = c.id
        """, id);
}

/// <summary>Raw SQL against a test database, for looking behind the API.</summary>
public static class Db
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<JobStatus> StatusAsync(string connectionString, Guid id) =>
        StoredNames.Parse<JobStatus>(await ScalarAsync<string>(connectionString, "SELECT status FROM jobs WHERE id = $1", id));

    /// <summary>
    /// Jobs whose queue row disagrees with them: an unfinished job without its row, a finished one with a row, or a row
    /// whose status is not the job's (see QueuedJob).
    /// </summary>
    public static Task<long> QueueMismatchesAsync(string connectionString) => ScalarAsync<long>(connectionString, """
        SELECT count(*) FROM jobs j LEFT JOIN queued_jobs q ON q.job_id = j.id
        WHERE (j.status IN ('pending', 'processing', 'extraction_done')) <> (q.job_id IS NOT NULL) OR q.status <> j.status
        """);

    /// <summary>Waits until no job is pending, running or waiting for the writer.</summary>
    public static Task AllFinishedAsync(string connectionString, TimeSpan timeout) => Eventually.TrueAsync(async () =>
        await ScalarAsync<long>(connectionString, "SELECT count(*) FROM jobs WHERE status IN ('pending', 'processing', 'extraction_done')") == 0,
        timeout, "every job finished");
}

public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout} waiting for: {what}");
            await Task.Delay(25);
        }
    }
}

/// <summary>Wraps a handler and counts its runs per job, to prove that nothing ran twice.</summary>
public sealed class CountingHandler(IJobHandler inner, ConcurrentDictionary<Guid, int> runs) : IJobHandler
{
    public JobKind Kind => inner.Kind;

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        runs.AddOrUpdate(context.Job.Id, 1, (_, n) => n + 1);
        return inner.RunAsync(context, cancellationToken);
    }
}

/// <summary>A handler made of a function, for failures and other behaviour the real kinds do not show on demand.</summary>
public sealed class FuncHandler(JobKind kind, Func<JobContext, CancellationToken, Task<JobOutcome>> run) : IJobHandler
{
    public JobKind Kind => kind;

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
