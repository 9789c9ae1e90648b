using System.Net;
using System.Security.Cryptography;
using System.Text;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Engine;

/// <summary>An API-only server: the tests move jobs through the engine's statements by hand, one step at a time.</summary>
public sealed class ManualEngineHost() : EngineHost(null, role: "api",
    settings: new Dictionary<string, string?> { ["Engine:RetryBaseDelay"] = "00:00:01", ["Engine:RetryMaxDelay"] = "00:01:00" });

/// <summary>The state machine, lease fencing, rescue, retries, cancellation, idempotency and expiry, step by step.</summary>
public sealed class JobLifecycleTests(ManualEngineHost host) : IClassFixture<ManualEngineHost>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private JobQueue Queue => host.Get<JobQueue>();

    // Tests share the database: start each with no claimable job left over from another.
    public Task InitializeAsync() => host.CancelUnfinishedAsync();

    // Every state change a test made kept each job's queue row in step with the job (this class's database is its own).
    public async Task DisposeAsync() => Assert.Equal(0L, await Db.QueueMismatchesAsync(host.ConnectionString));

    private async Task<JobClaim> ClaimOneAsync(Guid jobId, string worker = "worker-1")
    {
        await host.ExecuteAsync("UPDATE queued_jobs SET run_after = now() WHERE job_id = $1", jobId);
        var claim = Assert.Single(await Queue.ClaimAsync(worker, 10, None));
        Assert.Equal(jobId, claim.JobId);
        return claim;
    }

    private async Task<string> FirecrawlStatusAsync(Guid id)
    {
        var body = await Json.ReadAsync(await host.ClientFor("alice").GetAsync($"/v1/extract/{id}"), HttpStatusCode.OK);
        return body.Str("status")!;
    }

    [Fact]
    public async Task A_job_goes_pending_processing_extraction_done_completed_and_renders_at_each_step()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Extract);
        Assert.Equal(JobStatus.Pending, await host.StatusAsync(id));
        Assert.Equal("processing", await FirecrawlStatusAsync(id));

        var claim = await ClaimOneAsync(id);
        Assert.Equal(JobStatus.Processing, claim.Job.Status);
        Assert.Equal(1, claim.Job.Attempts);
        Assert.Equal("worker-1", claim.Job.LeaseOwner);
        Assert.Equal(JobStatus.Processing, await host.StatusAsync(id));
        // The lease runs for LeaseDuration; the job stays visible for at least the retention from now.
        Assert.InRange(await host.ScalarAsync<double>("SELECT extract(epoch FROM lease_expires_at - now()) FROM queued_jobs WHERE job_id = $1", id), 1, 2.5);
        Assert.True(await host.ScalarAsync<bool>("SELECT expires_at > now() + interval '23 hours' FROM jobs WHERE id = $1", id));

        var outcome = await new DigestHandler(JobKind.Extract).RunAsync(new JobContext(claim, Queue), None);
        var succeeded = Assert.IsType<JobOutcome.Succeeded>(outcome);
        Assert.Equal(JobStatus.ExtractionDone, await Queue.SucceedAsync(claim, succeeded, None));
        Assert.Equal("processing", await FirecrawlStatusAsync(id));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", id));

        Assert.True(await host.Get<ResultWriter>().LandBatchAsync(None) >= 1);
        Assert.Equal(JobStatus.Completed, await host.StatusAsync(id));
        var body = await Json.ReadAsync(await host.ClientFor("alice").GetAsync($"/v1/extract/{id}"), HttpStatusCode.OK);
        Assert.Equal("completed", body.Str("status"));
        var request = await host.ScalarAsync<string>("SELECT request::text FROM jobs WHERE id = $1", id);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request)));
        Assert.Equal(sha256, body.GetProperty("data").Str("sha256"));

        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", id));
        Assert.Equal(sha256, await host.ScalarAsync<string>("SELECT normalized->>'sha256' FROM extraction_results WHERE job_id = $1", id));
        Assert.True(await host.ScalarAsync<bool>("""
            SELECT staged_result_row IS NULL AND lease_token IS NULL AND error IS NULL
                AND abs(extract(epoch FROM expires_at - finished_at) - 86400) < 1
            FROM jobs WHERE id = $1
            """, id));
    }

    [Fact]
    public async Task JustCrawl_answers_202_until_the_writer_lands_the_row()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Digest, dialect: Dialect.JustCrawl);
        var claim = await ClaimOneAsync(id);
        var outcome = (JobOutcome.Succeeded)await new DigestHandler().RunAsync(new JobContext(claim, Queue), None);
        await Queue.SucceedAsync(claim, outcome, None);

        var client = host.ClientFor("alice");
        var pending = await client.GetAsync($"/api/v1/extraction/results/{id}");
        var pendingBody = await Json.ReadAsync(pending, HttpStatusCode.Accepted);
        Assert.Equal("extraction_done", pendingBody.Str("status"));
        Assert.True(pending.Headers.Contains("Retry-After"));

        await host.Get<ResultWriter>().LandBatchAsync(None);
        var row = await Json.ReadAsync(await client.GetAsync($"/api/v1/extraction/results/{id}"), HttpStatusCode.OK);
        Assert.Equal(id.ToString(), row.Str("jobId"));
        Assert.Equal("digest", row.Str("dataType"));
    }

    [Fact]
    public async Task A_job_without_a_result_row_goes_straight_to_completed()
    {
        var id = await host.SubmitDigestAsync();
        var claim = await ClaimOneAsync(id);
        Assert.Equal(JobStatus.Completed, await Queue.SucceedAsync(claim, new JobOutcome.Succeeded("""{"data":[]}""", null), None));
        Assert.True(await host.ScalarAsync<bool>("SELECT finished_at IS NOT NULL AND result IS NOT NULL FROM jobs WHERE id = $1", id));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", id));
    }

    [Fact]
    public async Task A_zombie_whose_lease_was_taken_back_changes_nothing()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Extract);
        var zombie = await ClaimOneAsync(id, "zombie");
        await host.ExecuteAsync("UPDATE queued_jobs SET lease_expires_at = now() - interval '1 second' WHERE job_id = $1", id);

        Assert.True(await host.Get<LeaseRescuer>().RescueAsync(None) >= 1);
        Assert.Equal(JobStatus.Pending, await host.StatusAsync(id));
        Assert.Contains("zombie", await host.ScalarAsync<string>("SELECT error FROM jobs WHERE id = $1", id));
        Assert.True(await host.ScalarAsync<bool>("SELECT run_after > now() FROM queued_jobs WHERE job_id = $1", id)); // backoff

        var heir = await ClaimOneAsync(id, "heir");
        Assert.Equal(2, heir.Job.Attempts);
        Assert.NotEqual(zombie.Lease, heir.Lease);

        var zombieOutcome = new JobOutcome.Succeeded("""{"data":{"zombie":true}}""", new ResultRow("x", "zombie", "{}"));
        Assert.Null(await Queue.CheckpointAsync(zombie, None));
        Assert.Null(await Queue.ReportProgressAsync(zombie, 5, 5, 5, None));
        Assert.Null(await Queue.SucceedAsync(zombie, zombieOutcome, None));
        Assert.Null(await Queue.FailAsync(zombie, "zombie failure", retryable: false, None));
        Assert.Null(await Queue.MarkCancelledAsync(zombie, None));
        Assert.Equal(0, await Queue.ReleaseAsync([zombie], None));
        Assert.Empty(await Queue.RenewLeasesAsync([zombie], None));
        await Assert.ThrowsAsync<LeaseLostException>(() => new JobContext(zombie, Queue).CheckpointAsync(None));
        await Assert.ThrowsAsync<LeaseLostException>(() => new JobContext(zombie, Queue).WriteFencedAsync(InsertPageOf(id), None));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM job_pages WHERE job_id = $1", id));
        Assert.False(await new JobContext(heir, Queue).WriteFencedAsync(InsertPageOf(id), None));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM job_pages WHERE job_id = $1", id));
        // The fenced write tells the handler of a cancel the client asked for (and still keeps its writes).
        await host.ScalarAsync<int>("WITH u AS (UPDATE jobs SET cancel_requested = true WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id);
        Assert.True(await new JobContext(heir, Queue).WriteFencedAsync(InsertPageOf(id), None));
        await host.ScalarAsync<int>("WITH u AS (UPDATE jobs SET cancel_requested = false WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", id);
        Assert.True(await host.ScalarAsync<bool>("""
            SELECT status = 'processing' AND lease_owner = 'heir' AND total = 0 AND result IS NULL FROM jobs WHERE id = $1
            """, id));

        var outcome = (JobOutcome.Succeeded)await new DigestHandler(JobKind.Extract).RunAsync(new JobContext(heir, Queue), None);
        Assert.Equal(JobStatus.ExtractionDone, await Queue.SucceedAsync(heir, outcome, None));
        await host.Get<ResultWriter>().LandBatchAsync(None);
        Assert.Null(await Queue.SucceedAsync(zombie, zombieOutcome, None));
        Assert.Equal("completed", await FirecrawlStatusAsync(id));
        Assert.Equal("digest", await host.ScalarAsync<string>("SELECT string_agg(data_type, ',') FROM extraction_results WHERE job_id = $1", id));
    }

    private static Npgsql.NpgsqlBatchCommand[] InsertPageOf(Guid jobId) =>
    [
        new("""
            INSERT INTO job_pages (job_id, ordinal, url, status, content_bytes, created_at, updated_at)
            VALUES ($1, 0, 'https://a.example', 'succeeded', 0, now(), now())
            ON CONFLICT (job_id, ordinal) DO NOTHING
            """) { Parameters = { new Npgsql.NpgsqlParameter { Value = jobId } } },
    ];

    [Fact]
    public async Task Rescue_after_the_last_attempt_fails_the_job()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Extract, maxAttempts: 1);
        await ClaimOneAsync(id, "doomed");
        await host.ExecuteAsync("UPDATE queued_jobs SET lease_expires_at = now() - interval '1 second' WHERE job_id = $1", id);
        await host.Get<LeaseRescuer>().RescueAsync(None);

        Assert.Equal(JobStatus.Failed, await host.StatusAsync(id));
        var body = await Json.ReadAsync(await host.ClientFor("alice").GetAsync($"/v1/extract/{id}"), HttpStatusCode.OK);
        Assert.Equal("failed", body.Str("status"));
        Assert.Contains("stopped renewing the lease", body.Str("error"));
    }

    [Fact]
    public async Task Failures_back_off_exponentially_with_jitter_and_stop_at_the_attempt_bound()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Extract, maxAttempts: 3);
        // RetryBaseDelay is 1 s here: attempt n waits between 2^(n-1) / 2 and 2^(n-1) seconds.
        foreach (var (attempt, low, high) in new[] { (1, 0.5, 1.0), (2, 1.0, 2.0) })
        {
            var claim = await ClaimOneAsync(id);
            Assert.Equal(attempt, claim.Job.Attempts);
            Assert.Equal(JobStatus.Pending, await Queue.FailAsync(claim, $"boom {attempt}", retryable: true, None));
            var wait = await host.ScalarAsync<double>("SELECT extract(epoch FROM q.run_after - j.updated_at) FROM queued_jobs q JOIN jobs j ON j.id = q.job_id WHERE j.id = $1", id);
            Assert.InRange(wait, low, high);
            Assert.Empty(await Queue.ClaimAsync("worker-1", 10, None)); // not before its backoff
        }
        var last = await ClaimOneAsync(id);
        Assert.Equal(JobStatus.Failed, await Queue.FailAsync(last, "boom 3", retryable: true, None));

        var body = await Json.ReadAsync(await host.ClientFor("alice").GetAsync($"/v1/extract/{id}"), HttpStatusCode.OK);
        Assert.Equal("failed", body.Str("status"));
        Assert.Equal("boom 3", body.Str("error"));
        Assert.True(await host.ScalarAsync<bool>("SELECT attempts = 3 AND finished_at IS NOT NULL AND expires_at > now() + interval '23 hours' FROM jobs WHERE id = $1", id));
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried()
    {
        var id = await host.SubmitDigestAsync(maxAttempts: 5);
        var claim = await ClaimOneAsync(id);
        Assert.Equal(JobStatus.Failed, await Queue.FailAsync(claim, "the schema is invalid", retryable: false, None));
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT attempts FROM jobs WHERE id = $1", id));
    }

    [Fact]
    public async Task Cancelling_a_pending_job_stops_it_at_once_and_a_finished_job_cannot_be_cancelled()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Extract);
        Assert.Equal(CancelResult.NotFound, await Queue.CancelAsync(id, "mallory", "org-1", None));
        Assert.Equal(CancelResult.NotFound, await Queue.CancelAsync(id, "alice", "org-2", None));
        Assert.Equal(CancelResult.NotFound, await Queue.CancelAsync(Guid.NewGuid(), "alice", "org-1", None));

        Assert.Equal(CancelResult.Cancelled, await Queue.CancelAsync(id, "alice", "org-1", None));
        Assert.Equal(JobStatus.Cancelled, await host.StatusAsync(id));
        Assert.Equal("cancelled", await FirecrawlStatusAsync(id));
        Assert.Empty(await Queue.ClaimAsync("worker-1", 10, None));
        Assert.Equal(CancelResult.AlreadyFinished, await Queue.CancelAsync(id, "alice", "org-1", None));

        var done = await host.SubmitDigestAsync();
        var claim = await ClaimOneAsync(done);
        await Queue.SucceedAsync(claim, new JobOutcome.Succeeded("{}", null), None);
        Assert.Equal(CancelResult.AlreadyFinished, await Queue.CancelAsync(done, "alice", "org-1", None));
    }

    [Fact]
    public async Task An_operator_retries_failed_and_cancelled_jobs_and_cancels_any_tenants_job()
    {
        var failed = await host.SubmitDigestAsync(maxAttempts: 1);
        Assert.Equal(JobStatus.Failed, await Queue.FailAsync(await ClaimOneAsync(failed), "boom", retryable: true, None));
        Assert.Equal(RetryResult.Retried, await Queue.RetryAsync(failed, None));
        Assert.True(await host.ScalarAsync<bool>(
            "SELECT status = 'pending' AND attempts = 0 AND error IS NULL AND finished_at IS NULL AND expires_at IS NULL FROM jobs WHERE id = $1", failed));
        Assert.Equal(RetryResult.NotRetryable, await Queue.RetryAsync(failed, None)); // pending already
        var again = await ClaimOneAsync(failed); // claimable again, and runs to the end
        await Queue.SucceedAsync(again, new JobOutcome.Succeeded("{}", null), None);
        Assert.Equal(RetryResult.NotRetryable, await Queue.RetryAsync(failed, None)); // completed

        var other = await host.SubmitDigestAsync(kind: JobKind.Extract); // alice's, in org-1
        Assert.Equal(CancelResult.Cancelled, await Queue.CancelAnyAsync(other, None));
        Assert.Equal(JobStatus.Cancelled, await host.StatusAsync(other));
        Assert.Equal(RetryResult.Retried, await Queue.RetryAsync(other, None));
        Assert.Equal(JobStatus.Pending, await host.StatusAsync(other));
        Assert.Equal(RetryResult.NotFound, await Queue.RetryAsync(Guid.NewGuid(), None));
        Assert.Equal(CancelResult.NotFound, await Queue.CancelAnyAsync(Guid.NewGuid(), None));
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_at_its_next_checkpoint()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Extract);
        var claim = await ClaimOneAsync(id);
        var context = new JobContext(claim, Queue);
        await context.ReportProgressAsync(10, 3, 3, None);

        Assert.Equal(CancelResult.Cancelled, await Queue.CancelAsync(id, "alice", "org-1", None));
        Assert.Equal(JobStatus.Processing, await host.StatusAsync(id)); // until its checkpoint
        await Assert.ThrowsAsync<JobCancelledException>(() => context.CheckpointAsync(None));
        Assert.Equal(JobStatus.Cancelled, await Queue.MarkCancelledAsync(claim, None));
        Assert.Equal("cancelled", await FirecrawlStatusAsync(id));
        Assert.Equal(3, await host.ScalarAsync<int>("SELECT completed FROM jobs WHERE id = $1", id));
    }

    [Fact]
    public async Task A_batch_of_successes_with_one_unstorable_result_records_the_others()
    {
        var good = await host.SubmitDigestAsync();
        var goodClaim = await ClaimOneAsync(good);
        var bad = await host.SubmitDigestAsync();
        var badClaim = await ClaimOneAsync(bad);
        var completer = new BatchCompleter(Queue, TimeSpan.FromSeconds(1), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var goodDone = completer.SucceedAsync(goodClaim, new JobOutcome.Succeeded("""{"data":{}}""", new ResultRow("d", "t", "{}")));
        var badDone = completer.SucceedAsync(badClaim, new JobOutcome.Succeeded("{not json", null));
        completer.Complete();
        await completer.RunAsync(); // both in one batch: the statement fails, then each is recorded alone

        Assert.Equal(JobStatus.ExtractionDone, await goodDone);
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => badDone);
        Assert.Equal(JobStatus.Processing, await host.StatusAsync(bad));
    }

    [Fact]
    public async Task A_batch_completion_waits_its_turn_at_the_workers_lease_write_gate()
    {
        var id = await host.SubmitDigestAsync();
        var claim = await ClaimOneAsync(id);
        using var leaseWrites = new SemaphoreSlim(0, 1); // held, as while the heartbeat renews leases
        var completer = new BatchCompleter(Queue, TimeSpan.FromSeconds(1), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            leaseWrites: leaseWrites);
        var done = completer.SucceedAsync(claim, new JobOutcome.Succeeded("""{"data":{}}""", null));
        var running = completer.RunAsync();

        await Task.Delay(500);
        Assert.False(done.IsCompleted);
        Assert.Equal(JobStatus.Processing, await host.StatusAsync(id));

        leaseWrites.Release();
        Assert.Equal(JobStatus.Completed, await done.WaitAsync(TimeSpan.FromSeconds(30)));
        completer.Complete();
        await running;
        Assert.Equal(1, leaseWrites.CurrentCount); // given back for the next renewal
    }

    [Fact]
    public async Task A_released_job_is_pending_again_without_spending_an_attempt_unless_it_was_cancelled()
    {
        var kept = await host.SubmitDigestAsync();
        var keptClaim = await ClaimOneAsync(kept);
        var cancelled = await host.SubmitDigestAsync();
        var cancelledClaim = await ClaimOneAsync(cancelled);
        await Queue.CancelAsync(cancelled, "alice", "org-1", None);

        Assert.Equal(2, await Queue.ReleaseAsync([keptClaim, cancelledClaim], None));
        Assert.True(await host.ScalarAsync<bool>("SELECT status = 'pending' AND attempts = 0 AND lease_token IS NULL FROM jobs WHERE id = $1", kept));
        Assert.Equal(JobStatus.Cancelled, await host.StatusAsync(cancelled));
    }

    [Fact]
    public async Task A_cancel_acknowledged_before_completion_wins_over_the_result()
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Extract);
        var claim = await ClaimOneAsync(id);
        var outcome = (JobOutcome.Succeeded)await new DigestHandler(JobKind.Extract).RunAsync(new JobContext(claim, Queue), None);
        Assert.Equal(CancelResult.Cancelled, await Queue.CancelAsync(id, "alice", "org-1", None));
        Assert.Equal(JobStatus.Cancelled, await Queue.SucceedAsync(claim, outcome, None));
        await host.Get<ResultWriter>().LandBatchAsync(None);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", id));
    }

    [Fact]
    public async Task Idempotency_keys_return_the_same_job_for_the_same_body_and_conflict_for_another()
    {
        var key = $"key-{Guid.NewGuid():N}";
        JobSubmission Submission(string owner, string body) => new(owner, "org-1", Dialect.Firecrawl, JobKind.Extract, body) { IdempotencyKey = key };

        var first = await host.Submitter.SubmitAsync(Submission("alice", """{"urls":["https://a.example"]}"""), None);
        Assert.Equal(SubmitStatus.Created, first.Status);
        var again = await host.Submitter.SubmitAsync(Submission("alice", """{"urls":["https://a.example"]}"""), None);
        Assert.Equal(new SubmitResult(SubmitStatus.Existing, first.JobId), again);
        var other = await host.Submitter.SubmitAsync(Submission("alice", """{"urls":["https://b.example"]}"""), None);
        Assert.Equal(SubmitStatus.IdempotencyConflict, other.Status);
        var otherSubject = await host.Submitter.SubmitAsync(Submission("bob", """{"urls":["https://a.example"]}"""), None);
        Assert.Equal(SubmitStatus.Created, otherSubject.Status);
        Assert.NotEqual(first.JobId, otherSubject.JobId);

        // Past the 24 h window the key is free again.
        await host.ExecuteAsync("UPDATE jobs SET created_at = now() - interval '25 hours' WHERE id = $1", first.JobId);
        var later = await host.Submitter.SubmitAsync(Submission("alice", """{"urls":["https://b.example"]}"""), None);
        Assert.Equal(SubmitStatus.Created, later.Status);
        Assert.NotEqual(first.JobId, later.JobId);
    }

    [Fact]
    public async Task Concurrent_submissions_with_one_key_create_one_job()
    {
        var submission = new JobSubmission("alice", "org-1", Dialect.Firecrawl, JobKind.Extract, """{"urls":["https://c.example"]}""")
        {
            IdempotencyKey = $"key-{Guid.NewGuid():N}",
        };
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => host.Submitter.SubmitAsync(submission, None)));
        Assert.Single(results, r => r.Status == SubmitStatus.Created);
        Assert.All(results, r => Assert.Equal(results[0].JobId, r.JobId));
    }

    [Fact]
    public async Task The_sweeper_deletes_expired_finished_jobs_with_their_pages_results_and_blobs()
    {
        var expired = await host.SubmitDigestAsync(kind: JobKind.Extract);
        var claim = await ClaimOneAsync(expired);
        await Queue.SucceedAsync(claim, (JobOutcome.Succeeded)await new DigestHandler().RunAsync(new JobContext(claim, Queue), None), None);
        await host.Get<ResultWriter>().LandBatchAsync(None);
        await host.ExecuteAsync("""
            INSERT INTO job_pages (job_id, ordinal, url, status, content_bytes, created_at, updated_at)
            VALUES ($1, 0, 'https://a.example', 'succeeded', 0, now(), now())
            """, expired);
        await host.ExecuteAsync("""
            INSERT INTO blobs (key, job_id, owner_subject, content_type, content, size_bytes, created_at)
            VALUES ('blob-' || $1::text, $1, 'alice', 'text/html', '\x00', 1, now())
            """, expired);
        // Expired as a job is a retention period after it finished, and so after it was created.
        const string expire = "UPDATE jobs SET expires_at = now() - interval '1 second', created_at = now() - interval '25 hours' WHERE id = $1";
        await host.ExecuteAsync(expire, expired);
        var waiting = await host.SubmitDigestAsync();
        await host.ExecuteAsync(expire, waiting);
        var fresh = await host.SubmitDigestAsync();
        await Queue.CancelAsync(fresh, "alice", "org-1", None);

        Json.IsFirecrawlError(await Json.ReadAsync(await host.ClientFor("alice").GetAsync($"/v1/extract/{expired}"), HttpStatusCode.NotFound));
        Assert.True(await host.Get<ExpirySweeper>().SweepAsync(None) >= 1);

        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = $1", expired));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM job_pages WHERE job_id = $1", expired));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM extraction_results WHERE job_id = $1", expired));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM blobs WHERE job_id = $1", expired));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = $1", waiting)); // not finished: kept
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE id = $1", fresh)); // not expired yet
    }

    [Fact]
    public async Task The_sweeper_removes_cached_pages_past_their_expiry_and_keeps_the_rest()
    {
        var cache = host.Get<ExtractApi.Jobs.Pages.PageCache>();
        var now = DateTime.UtcNow;
        ExtractApi.Jobs.Model.CachedPage Page(string url, DateTime expiresAt) => new()
        {
            OrganisationId = "org-sweep", Url = url, FinalUrl = url, StatusCode = 200, ContentType = "text/html", Body = [1, 2, 3],
            FetchedAt = now.AddMinutes(-5), ExpiresAt = expiresAt,
        };
        await cache.StoreAsync(Page("https://a.example/old", now.AddSeconds(-1)), None);
        await cache.StoreAsync(Page("https://a.example/new", now.AddHours(1)), None);
        Assert.Null(await cache.FindAsync("org-sweep", "https://a.example/old", now.AddHours(-1), None)); // expired: never served

        await host.Get<ExpirySweeper>().SweepAsync(None);

        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM cached_pages WHERE url = 'https://a.example/old'"));
        Assert.NotNull(await cache.FindAsync("org-sweep", "https://a.example/new", now.AddHours(-1), None));
        Assert.Null(await cache.FindAsync("org-sweep", "https://a.example/new", now, None)); // older than that maxAge allows
        Assert.Null(await cache.FindAsync("org-other", "https://a.example/new", now.AddHours(-1), None)); // another organisation's
    }
}
