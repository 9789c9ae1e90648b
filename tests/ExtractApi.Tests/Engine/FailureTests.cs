using System.Diagnostics;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ExtractApi.Tests.Engine;

/// <summary>Workers killed, the database restarted, connections dropped: nothing is lost and no result lands twice.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task Jobs_of_a_worker_killed_mid_job_are_finished_by_another_within_the_lease_with_one_row_each()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("crash");
        // The submitting side runs no worker: the child process must be the one to claim the jobs.
        await using var api = new EngineHost(connectionString, "api");
        await api.InitializeAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++) ids.Add(await api.SubmitDigestAsync(workMs: 2500, note: $"crash-{i}")); // Digest: a kind the real server handles

        await using var doomed = WorkerProcess.Start(connectionString, new Dictionary<string, string>
        {
            ["Engine:WorkerName"] = "doomed",
            ["Engine:LeaseDuration"] = "00:00:02",
            ["Engine:HeartbeatInterval"] = "00:00:00.400",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        try
        {
            await Eventually.TrueAsync(async () => await api.ScalarAsync<long>(
                "SELECT count(*) FROM jobs WHERE status = 'processing' AND lease_owner = 'doomed'") == ids.Count,
                TimeSpan.FromSeconds(30), "the child worker to be running every job");
        }
        catch (Xunit.Sdk.FailException e)
        {
            Assert.Fail($"{e.Message}\nThe child's output:\n{doomed.Output}");
        }
        doomed.Kill();
        var killed = Stopwatch.StartNew();

        await using var survivor = new EngineHost(connectionString, "worker", new Dictionary<string, string?> { ["Engine:WorkerName"] = "survivor" });
        await survivor.InitializeAsync();
        await Db.AllFinishedAsync(connectionString, TimeSpan.FromSeconds(30));
        // Lease (2 s) + rescue interval + backoff + the job's own 2.5 s of work, plus a few seconds for starting the
        // surviving host and for a loaded machine.
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(2 + 2.5 + 5), $"took {killed.Elapsed} after the kill");

        foreach (var id in ids)
        {
            Assert.Equal("completed 2 survivor", await api.ScalarAsync<string>(
                "SELECT status || ' ' || attempts || ' ' || lease_owner || coalesce(' ' || error, '') FROM jobs WHERE id = $1", id));
            Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", id));
        }
    }

    [Fact]
    public async Task Jobs_still_finish_when_PostgreSQL_restarts_mid_run()
    {
        // A cluster of its own: restarting the shared one would break the tests running beside this one.
        var root = Path.Combine(Path.GetTempPath(), $"extractapi-restart-{Guid.NewGuid():N}");
        var cluster = await LocalPostgres.StartAsync(root, durable: false, NullLogger.Instance);
        try
        {
            var connectionString = await cluster.EnsureDatabaseAsync("restart");
            await using var host = new EngineHost(connectionString, "all");
            await host.InitializeAsync();
            var ids = new List<Guid>();
            for (var i = 0; i < 200; i++) ids.Add(await host.SubmitDigestAsync(workMs: 40, note: $"restart-{i}"));
            await Eventually.TrueAsync(async () => await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'completed'") >= 30,
                TimeSpan.FromSeconds(20), "some jobs done before the restart");

            await cluster.RestartAsync();
            await using (var stale = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(stale); // the test's own, not the host's
            Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'completed'") < ids.Count, "the restart came too late");

            await Db.AllFinishedAsync(connectionString, TimeSpan.FromSeconds(45));
            Assert.Equal(200L, await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'completed'"));
            Assert.Equal(200L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results"));
            Assert.Equal(200L, await host.ScalarAsync<long>("SELECT count(DISTINCT job_id) FROM extraction_results"));
        }
        finally
        {
            await cluster.StopAsync("immediate");
            try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task A_connection_dropped_under_the_writer_leaves_the_jobs_for_the_next_flush()
    {
        await using var host = new EngineHost();
        await host.InitializeAsync();
        // Hold the writer's insert on a table lock, so its statement is in flight when its connection is dropped.
        await using var blocker = new NpgsqlConnection(host.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE extraction_results IN SHARE ROW EXCLUSIVE MODE", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var ids = new List<Guid>();
        for (var i = 0; i < 100; i++) ids.Add(await host.SubmitDigestAsync(note: $"drop-{i}"));
        const string writerBackend = """
            SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO extraction_results%'
            """;
        await Eventually.TrueAsync(async () => await host.ScalarAsync<int?>(writerBackend) is not null, TimeSpan.FromSeconds(10), "the writer blocked mid-statement");
        Assert.True(await host.ScalarAsync<bool>($"SELECT pg_terminate_backend(({writerBackend} LIMIT 1))"));
        await Eventually.TrueAsync(async () => await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'extraction_done'") == ids.Count,
            TimeSpan.FromSeconds(10), "every job computed and waiting for the writer");
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'completed'"));

        await transaction.RollbackAsync();
        await Db.AllFinishedAsync(host.ConnectionString, TimeSpan.FromSeconds(10));
        Assert.Equal(100L, await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'completed'"));
        Assert.Equal(100L, await host.ScalarAsync<long>("SELECT count(DISTINCT job_id) FROM extraction_results"));
        Assert.Equal(100L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results"));
    }
}
