using System.Net;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ExtractApi.Tests.Engine;

/// <summary>A server running the worker, with test handlers: one that always throws, one that fails twice first.</summary>
public sealed class WorkerHost() : EngineHost(null, services: services =>
{
    services.AddJobHandler(new DigestHandler(JobKind.Extract));
    services.AddJobHandler(new FuncHandler(JobKind.BatchScrape, (_, _) => throw new InvalidOperationException("the site is down")));
    services.AddJobHandler(new FuncHandler(JobKind.DocumentExtract, (context, _) => Task.FromResult(
        context.Job.Request.Contains("invalid-result", StringComparison.Ordinal) ? JobOutcome.Success("{not json", new ResultRow("x", "x", "{}"))
        : context.Job.Attempts < 3 ? JobOutcome.Failure($"flaky attempt {context.Job.Attempts}")
        : JobOutcome.Success("""{"data":{"ok":true}}"""))));
});

/// <summary>The hosted worker, rescuer and writer moving jobs on their own, observed through the API and the database.</summary>
public sealed class WorkerTests(WorkerHost host) : IClassFixture<WorkerHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private Task UntilAsync(Guid id, JobStatus status) =>
        Eventually.TrueAsync(async () => await host.StatusAsync(id) == status, Timeout, $"job {id} {status}");

    [Fact]
    public async Task A_submitted_job_is_worked_written_and_rendered_completed()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Extract);
        var client = host.ClientFor("alice");
        await Eventually.TrueAsync(async () =>
        {
            var body = await Json.ReadAsync(await client.GetAsync($"/v1/extract/{id}"), HttpStatusCode.OK);
            return body.Str("status") == "completed" && body.GetProperty("data").Str("sha256")?.Length == 64;
        }, Timeout, "the extract status to say completed");
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", id));
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT attempts FROM jobs WHERE id = $1", id));
    }

    [Fact]
    public async Task Metrics_expose_queue_depth_claim_latency_job_duration_and_failures_for_prometheus()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.BatchScrape, maxAttempts: 1);
        await UntilAsync(id, JobStatus.Failed);
        await Task.Delay(1200); // one queue depth sample
        var response = await host.CreateClient().GetAsync("/metrics"); // anonymous, as Prometheus scrapes
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("extractapi_jobs{status=\"failed\"}", text);
        Assert.Contains("extractapi_jobs{status=\"pending\"}", text);
        Assert.Contains("extractapi_job_claim_latency_seconds_bucket{kind=\"BatchScrape\"", text);
        Assert.Contains("extractapi_job_duration_seconds_count{kind=\"BatchScrape\",outcome=\"failed\"}", text);
        Assert.Contains("extractapi_job_failures_total{kind=\"BatchScrape\",final=\"true\"}", text);
    }

    [Fact]
    public async Task A_handler_that_keeps_throwing_is_retried_up_to_the_bound_and_its_error_kept()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.BatchScrape, maxAttempts: 3);
        await UntilAsync(id, JobStatus.Failed);
        Assert.Equal(3, await host.ScalarAsync<int>("SELECT attempts FROM jobs WHERE id = $1", id));
        Assert.Equal("InvalidOperationException: the site is down", await host.ScalarAsync<string>("SELECT error FROM jobs WHERE id = $1", id));
    }

    [Fact]
    public async Task A_flaky_job_succeeds_on_a_later_attempt()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.DocumentExtract, maxAttempts: 3);
        await UntilAsync(id, JobStatus.Completed);
        Assert.True(await host.ScalarAsync<bool>("SELECT attempts = 3 AND error IS NULL FROM jobs WHERE id = $1", id));
    }

    [Fact]
    public async Task A_result_that_cannot_be_stored_fails_its_job_alone()
    {
        var good = new List<Guid>();
        for (var i = 0; i < 20; i++) good.Add(await host.SubmitDigestAsync());
        var bad = await host.SubmitDigestAsync(kind: JobKind.DocumentExtract, note: "invalid-result");
        for (var i = 0; i < 20; i++) good.Add(await host.SubmitDigestAsync());

        await UntilAsync(bad, JobStatus.Failed);
        Assert.True(await host.ScalarAsync<bool>("SELECT attempts = 1 AND error LIKE 'The job''s result could not be stored%' FROM jobs WHERE id = $1", bad));
        foreach (var id in good) await UntilAsync(id, JobStatus.Completed);
    }

    [Fact]
    public async Task Heartbeats_keep_a_job_longer_than_its_lease_with_its_worker()
    {
        var id = await host.SubmitDigestAsync(workMs: 3500); // the lease is 2 s
        await UntilAsync(id, JobStatus.Completed);
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT attempts FROM jobs WHERE id = $1", id));
    }

    [Fact]
    public async Task A_worker_that_loses_its_lease_stops_the_handler_and_writes_nothing()
    {
        var id = await host.SubmitDigestAsync(workMs: 30_000);
        await UntilAsync(id, JobStatus.Processing);
        // Another worker took the job over (as after a rescue and a new claim).
        await host.ExecuteAsync("""
            WITH stolen AS (UPDATE jobs SET lease_token = gen_random_uuid(), lease_owner = 'thief' WHERE id = $1 RETURNING id)
            UPDATE queued_jobs q SET lease_expires_at = now() + interval '1 hour' FROM stolen s WHERE q.job_id = s.id
            """, id);
        var worker = host.Get<JobWorker>();
        await Eventually.TrueAsync(() => Task.FromResult(worker.RunningCount == 0), TimeSpan.FromSeconds(3), "the handler stopped");
        Assert.True(await host.ScalarAsync<bool>("SELECT status = 'processing' AND lease_owner = 'thief' FROM jobs WHERE id = $1", id));
        await host.CancelByHandAsync(id);
    }

    [Fact]
    public async Task A_running_job_cancelled_stops_at_its_next_checkpoint()
    {
        var id = await host.SubmitDigestAsync(workMs: 30_000, kind: JobKind.Extract);
        await UntilAsync(id, JobStatus.Processing);
        Assert.Equal(CancelResult.Cancelled, await host.Get<JobQueue>().CancelAsync(id, "alice", "org-1", CancellationToken.None));
        await Eventually.TrueAsync(async () => await host.StatusAsync(id) == JobStatus.Cancelled, TimeSpan.FromSeconds(2), "cancelled within 2 s");
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", id));
        var body = await Json.ReadAsync(await host.ClientFor("alice").GetAsync($"/v1/extract/{id}"), HttpStatusCode.OK);
        Assert.Equal("cancelled", body.Str("status"));
    }

    [Fact]
    public async Task Cancels_racing_the_worker_end_either_cancelled_or_completed_never_both()
    {
        var random = new Random(7);
        var ids = new List<Guid>();
        for (var i = 0; i < 150; i++) ids.Add(await host.SubmitDigestAsync(workMs: random.Next(0, 150), note: $"race-{i}"));
        var queue = host.Get<JobQueue>();
        var answers = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await Task.Delay(i % 7 * 40);
            return (Id: id, Answer: await queue.CancelAsync(id, "alice", "org-1", CancellationToken.None));
        }));
        await Db.AllFinishedAsync(host.ConnectionString, Timeout);

        foreach (var (id, answer) in answers)
        {
            var status = await host.StatusAsync(id);
            var rows = await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", id);
            if (answer == CancelResult.Cancelled)
            {
                Assert.True(status == JobStatus.Cancelled && rows == 0, $"{id}: cancel acknowledged, yet {status} with {rows} rows");
            }
            else
            {
                Assert.Equal(CancelResult.AlreadyFinished, answer);
                Assert.True(status == JobStatus.Completed && rows == 1, $"{id}: already finished, yet {status} with {rows} rows");
            }
        }
        Assert.Contains(answers, a => a.Answer == CancelResult.Cancelled);
    }
}

/// <summary>A worker whose fallback poll is 30 s: jobs that start within milliseconds were woken by NOTIFY.</summary>
public sealed class WakeupLatencyTests
{
    [Fact]
    public async Task An_idle_worker_starts_a_new_job_within_milliseconds_of_its_insert()
    {
        await using var host = new EngineHost(null, settings: new Dictionary<string, string?> { ["Engine:PollInterval"] = "00:00:30" });
        await host.InitializeAsync();
        await Task.Delay(500); // the listener connects
        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var id = await host.SubmitDigestAsync();
            await Eventually.TrueAsync(async () => await host.StatusAsync(id) != JobStatus.Pending, TimeSpan.FromSeconds(5), "started");
            latencies.Add(await host.ScalarAsync<double>("SELECT extract(epoch FROM started_at - created_at) * 1000 FROM jobs WHERE id = $1", id));
            await Task.Delay(20);
        }
        latencies.Sort();
        Assert.True(latencies[latencies.Count / 2] < 50, $"median start latency {latencies[latencies.Count / 2]:F1} ms");
        Assert.True(latencies[^1] < 1000, $"slowest start {latencies[^1]:F1} ms: a poll, not a notification");
    }
}

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Shutdown_lets_short_jobs_finish_and_releases_long_ones_without_spending_an_attempt()
    {
        var host = new EngineHost(null, settings: new Dictionary<string, string?> { ["Engine:ShutdownGrace"] = "00:00:01" });
        await host.InitializeAsync();
        var connectionString = host.ConnectionString;
        var quick = await host.SubmitDigestAsync(workMs: 300);
        var slow = await host.SubmitDigestAsync(workMs: 60_000);
        await Eventually.TrueAsync(async () =>
            await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'processing'") == 2, TimeSpan.FromSeconds(10), "both running");

        await host.DisposeAsync();

        Assert.Contains(await Db.StatusAsync(connectionString, quick), new[] { JobStatus.ExtractionDone, JobStatus.Completed });
        Assert.True(await Db.ScalarAsync<bool>(connectionString,
            "SELECT j.status = 'pending' AND attempts = 0 AND lease_token IS NULL AND q.run_after <= now() FROM jobs j JOIN queued_jobs q ON q.job_id = j.id WHERE j.id = $1", slow));
    }
}
