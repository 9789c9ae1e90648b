using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// The job state changes, each one SQL statement that names the state it expects to leave (river's
/// <c>JobSetStateIfRunning</c>): a statement whose expectation no longer holds changes nothing. Every write after a
/// claim is also fenced by the lease token, so a worker whose lease was taken back cannot overwrite the job.
/// Times come from the database clock, so replicas with skewed clocks agree on leases and backoff.
/// <para>
/// A statement that changes a job's status changes its <c>queued_jobs</c> row in the same statement (see
/// <see cref="QueuedJob"/>), the job row first, then the queue row. The claim locks only job rows; the rescuer and the
/// result writer go the other way (queue rows, then their job rows); all three lock with <c>SKIP LOCKED</c> and never
/// wait, so no cycle of waits can form.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is the job queue, not a Queue<T>.")]
public sealed class JobQueue(NpgsqlDataSource dataSource, IOptions<EngineSettings> options)
{
    /// <summary>The channel the insert trigger notifies (see the JobEngine migration).</summary>
    public const string Channel = "extractapi_jobs";

    /// <summary>Fences a write to the claim it was made under.</summary>
    private const string Fence = "id = @id AND lease_token = @lease AND status = 'processing'";

    // Statements that touch a set of jobs found by a subquery update them through "id = ANY (ARRAY (subquery))": a primary
    // key lookup whatever the statistics say. Joined instead, a batch the planner believed to hold one row was matched
    // against a scan of the whole table after a bulk insert (20 s of CPU for 1,000 rows, seen in the benchmark).

    /// <summary>Ends a claim. lease_owner stays: it names the worker of the last attempt, for diagnosis.</summary>
    private const string ClearLease = "lease_token = NULL, updated_at = now()";

    /// <summary>
    /// After a statement whose CTE <c>changed</c> returned the changed jobs' <c>id</c> and <c>status</c> (and
    /// <c>attempts</c>, which <see cref="RetryAt"/> reads): their queue rows follow, a pending job's waiting again until
    /// <paramref name="runAfter"/>, a finished one's deleted. Both CTEs run after the statement's own query has read
    /// <c>changed</c>, so the job rows are locked first.
    /// </summary>
    internal static string RequeueOrDequeue(string runAfter = RetryAt) => $"""
        requeued AS (
            UPDATE queued_jobs q SET status = 'pending', lease_expires_at = NULL, run_after = {runAfter}
            FROM changed c WHERE q.job_id = c.id AND c.status = 'pending'
        ), dequeued AS (
            DELETE FROM queued_jobs q USING changed c WHERE q.job_id = c.id AND c.status <> 'pending'
        )
        """;

    /// <summary>
    /// When attempt n failed, the job waits about base * 2^(n-1) (capped), half of it random ("equal jitter"), so jobs
    /// that failed together do not all come back at once.
    /// </summary>
    internal const string RetryAt = "now() + least(@max_delay, @base_delay * power(2, least(greatest(attempts - 1, 0), 30))) * (0.5 + random() * 0.5)";

    private const string Columns = """
        id, owner_subject, organisation_id, dialect, kind, status, request, total, completed, credits_used, attempts,
        max_attempts, lease_token, lease_owner, cancel_requested, created_at, started_at, expires_at, trace_parent
        """;

    private EngineSettings Settings => options.Value;

    /// <summary>
    /// Claims up to <paramref name="limit"/> claimable jobs, oldest first, for <paramref name="owner"/>: one short
    /// statement; <c>SKIP LOCKED</c> lets concurrent claimers take disjoint jobs without waiting on each other.
    /// A worker's claim loop uses <see cref="JobClaimer"/>, the same statement prepared once.
    /// </summary>
    public async Task<IReadOnlyList<JobClaim>> ClaimAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = CreateClaimCommand(connection, owner, limit);
        return await ReadClaimsAsync(command, cancellationToken);
    }

    internal NpgsqlCommand CreateClaimCommand(NpgsqlConnection connection, string owner, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // A claim lost in a database crash is a claim that never happened: the job is still pending, and the worker's
        // later writes are fenced out. So a claim need not wait for its WAL flush: set_config(..., is_local => true)
        // relaxes the commit of this statement's own transaction, and only when it claims something. (The worker's next
        // durable commit for the job flushes the WAL up to it anyway.)
        // The candidates are the oldest claimable queue rows, read without a lock; their job rows are locked, SKIP LOCKED,
        // so the claim never waits (a job row another writer holds is left for a later claim). A job changed by another
        // writer after this statement began is re-read when locked and left out unless still pending, and its queue row
        // only changes under its job row's lock, so the queue rows need no lock of their own (one lock WAL record per job
        // instead of two; locking both ran at about 10,800 jobs/s batched in the queue benchmark, this at 13,100). The
        // join is planned from the queue table's statistics; before the first analyse after a bulk insert it can read
        // the whole queue per claim (autovacuum analyses it soon after; the benchmark does at once).
        // Both updates find their rows by tuple id (a TID scan), not by a second primary key lookup past the index
        // entries of earlier row versions: the job row cannot move once locked, and the queue row is re-checked.
        var command = new NpgsqlCommand($"""
            WITH next AS (
                SELECT j.ctid AS job_row, q.ctid AS queue_row
                FROM queued_jobs q JOIN jobs j ON j.id = q.job_id, (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed
                WHERE q.status = 'pending' AND q.run_after <= now() AND j.status = 'pending'
                ORDER BY q.run_after -- exactly the order of ix_queued_jobs_claimable: no sort of the whole queue per claim
                LIMIT {limit} -- a literal, so a prepared claim plans for its own size (a generic LIMIT $1 plan scans it all)
                FOR NO KEY UPDATE OF j SKIP LOCKED
            ), queued AS (
                UPDATE queued_jobs q SET status = 'processing', lease_expires_at = now() + @lease_duration
                WHERE q.ctid = ANY (ARRAY (SELECT queue_row FROM next)) AND q.status = 'pending'
                RETURNING q.job_id, q.run_after
            )
            UPDATE jobs j SET status = 'processing', attempts = j.attempts + 1, lease_token = gen_random_uuid(),
                lease_owner = @owner, started_at = coalesce(j.started_at, now()),
                updated_at = now(), expires_at = greatest(j.expires_at, now() + @retention)
            FROM queued
            WHERE j.ctid = ANY (ARRAY (SELECT job_row FROM next)) AND j.id = queued.job_id AND j.status = 'pending'
            RETURNING {Prefixed("j")}, extract(epoch FROM now() - greatest(queued.run_after, j.created_at))::float8
            """, connection);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("lease_duration", Settings.LeaseDuration);
        command.Parameters.AddWithValue("retention", Settings.Retention);
        return command;
    }

    internal static async Task<IReadOnlyList<JobClaim>> ReadClaimsAsync(NpgsqlCommand claim, CancellationToken cancellationToken)
    {
        var claims = new List<JobClaim>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var job = ReadJob(reader);
            EngineMetrics.ClaimLatency.WithLabels(job.Kind.ToString()).Observe(Math.Max(0, reader.GetDouble(19)));
            claims.Add(new JobClaim(job, new LeaseToken(job.LeaseToken!.Value)));
        }
        return claims;
    }

    /// <summary>A claimer for one claim loop (see <see cref="JobClaimer"/>).</summary>
    public JobClaimer CreateClaimer(string owner) => new(this, dataSource, owner);

    /// <summary>
    /// Extends the leases of running jobs (one statement for all); jobs missing from the answer were lost.
    /// <para>
    /// This and <see cref="SucceedManyAsync"/> update many running jobs in one statement each, locking them in no set
    /// order: two such statements over the same jobs at the same time can deadlock (seen between a worker's heartbeat
    /// and its batch completer). Only the worker holding the leases writes them this way, and it runs them one at a time
    /// (<see cref="JobWorker"/>'s lease-write gate). Other writers cannot close a cycle with them: the rescuer and the
    /// claim lock with <c>SKIP LOCKED</c> (they never wait), and a cancel or a handler's fenced write holds one job.
    /// </para>
    /// </summary>
    public async Task<IReadOnlyList<LeaseRenewal>> RenewLeasesAsync(IReadOnlyCollection<JobClaim> claims, CancellationToken cancellationToken)
    {
        if (claims.Count == 0) return [];
        await using var command = dataSource.CreateCommand("""
            WITH renewed AS (
                UPDATE jobs j SET expires_at = greatest(j.expires_at, now() + @retention)
                FROM unnest(@ids, @leases) AS h(id, lease)
                WHERE j.id = h.id AND j.lease_token = h.lease AND j.status = 'processing'
                RETURNING j.id, j.cancel_requested
            ), leases AS (
                UPDATE queued_jobs q SET lease_expires_at = now() + @lease_duration WHERE q.job_id = ANY (ARRAY (SELECT id FROM renewed))
            )
            SELECT id, cancel_requested FROM renewed
            """);
        command.Parameters.AddWithValue("ids", claims.Select(c => c.JobId).ToArray());
        command.Parameters.AddWithValue("leases", claims.Select(c => c.Lease.Value).ToArray());
        command.Parameters.AddWithValue("lease_duration", Settings.LeaseDuration);
        command.Parameters.AddWithValue("retention", Settings.Retention);
        var renewed = new List<LeaseRenewal>(claims.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            renewed.Add(new LeaseRenewal(reader.GetGuid(0), reader.GetBoolean(1)));
        }
        return renewed;
    }

    /// <summary>Whether the client asked to cancel; null when the lease is no longer ours.</summary>
    public async Task<bool?> CheckpointAsync(JobClaim claim, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT cancel_requested FROM jobs WHERE {Fence}");
        AddFence(command.Parameters, claim);
        return await command.ExecuteScalarAsync(cancellationToken) as bool?;
    }

    /// <summary>
    /// Runs a handler's own writes (pages, blobs, its progress counters) in one transaction that first locks the job
    /// row under its lease: while the lock is held the rescuer cannot take the job back, and once it has, the lock
    /// finds no row and the transaction is rolled back. The lock and the writes go in one round trip, the commit or
    /// rollback in a second. Writes of one job are serialised (the lock is exclusive, so writes that also update the
    /// job row cannot deadlock). Returns whether the client asked to cancel, or null (nothing written) when the lease
    /// is no longer ours.
    /// </summary>
    public async Task<bool?> WriteFencedAsync(JobClaim claim, IEnumerable<NpgsqlBatchCommand> writes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var fence = new NpgsqlBatchCommand($"SELECT cancel_requested FROM jobs WHERE {Fence} FOR UPDATE");
        AddFence(fence.Parameters, claim);
        batch.BatchCommands.Add(fence);
        foreach (var write in writes) batch.BatchCommands.Add(write);

        bool? cancelRequested;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            cancelRequested = await reader.ReadAsync(cancellationToken) ? reader.GetBoolean(0) : null;
            while (await reader.NextResultAsync(cancellationToken)) { } // surfaces an error of a later statement here
        }
        if (cancelRequested is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        await transaction.CommitAsync(cancellationToken);
        return cancelRequested;
    }

    /// <summary>Fenced progress counters (null keeps a counter); returns like <see cref="CheckpointAsync"/>.</summary>
    public async Task<bool?> ReportProgressAsync(JobClaim claim, int? total, int? completed, int? creditsUsed, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE jobs SET total = coalesce(@total, total), completed = coalesce(@completed, completed),
                credits_used = coalesce(@credits_used, credits_used), updated_at = now()
            WHERE {Fence}
            RETURNING cancel_requested
            """);
        AddFence(command.Parameters, claim);
        command.Parameters.Add(new NpgsqlParameter<int?>("total", NpgsqlDbType.Integer) { TypedValue = total });
        command.Parameters.Add(new NpgsqlParameter<int?>("completed", NpgsqlDbType.Integer) { TypedValue = completed });
        command.Parameters.Add(new NpgsqlParameter<int?>("credits_used", NpgsqlDbType.Integer) { TypedValue = creditsUsed });
        return await command.ExecuteScalarAsync(cancellationToken) as bool?;
    }

    /// <summary>
    /// processing → extraction_done (a result row to land) or completed (none). A cancel that was acknowledged
    /// first wins: the job ends cancelled and its result is dropped. Null when the lease is no longer ours.
    /// </summary>
    public async Task<JobStatus?> SucceedAsync(JobClaim claim, JobOutcome.Succeeded outcome, CancellationToken cancellationToken) =>
        (await SucceedManyAsync([(claim, outcome)], cancellationToken)).TryGetValue(claim.JobId, out var status) ? status : null;

    /// <summary>
    /// <see cref="SucceedAsync"/> for many jobs in one statement, each row fenced by its own lease. Jobs missing from
    /// the answer were not ours any more. Not to be run at the same time as another multi-job statement over the same
    /// jobs (see <see cref="RenewLeasesAsync"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, JobStatus>> SucceedManyAsync(
        IReadOnlyList<(JobClaim Claim, JobOutcome.Succeeded Outcome)> successes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // A finished job's queue row is deleted; one whose result row waits for the writer stays, as extraction_done.
        await using var command = new NpgsqlCommand($"""
            WITH done AS (
                UPDATE jobs j SET
                    status = CASE WHEN j.cancel_requested THEN 'cancelled' WHEN d.staged IS NULL THEN 'completed' ELSE 'extraction_done' END,
                    result = CASE WHEN j.cancel_requested THEN NULL ELSE d.result END,
                    staged_result_row = CASE WHEN j.cancel_requested THEN NULL ELSE d.staged END,
                    error = NULL,
                    finished_at = CASE WHEN j.cancel_requested OR d.staged IS NULL THEN now() END,
                    expires_at = now() + @retention,
                    {ClearLease}
                FROM unnest(@ids, @leases, @results, @staged) AS d(id, lease, result, staged)
                WHERE j.id = d.id AND j.lease_token = d.lease AND j.status = 'processing'
                RETURNING j.id, j.status
            ), staged AS (
                UPDATE queued_jobs q SET status = 'extraction_done', lease_expires_at = NULL
                WHERE q.job_id = ANY (ARRAY (SELECT id FROM done WHERE status = 'extraction_done'))
            ), dequeued AS (
                DELETE FROM queued_jobs q WHERE q.job_id = ANY (ARRAY (SELECT id FROM done WHERE status <> 'extraction_done'))
            )
            SELECT id, status FROM done
            """, connection);
        command.Parameters.AddWithValue("ids", successes.Select(s => s.Claim.JobId).ToArray());
        command.Parameters.AddWithValue("leases", successes.Select(s => s.Claim.Lease.Value).ToArray());
        command.Parameters.Add(new NpgsqlParameter<string[]>("results", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            TypedValue = successes.Select(s => s.Outcome.ResultJson).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("staged", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            TypedValue = successes.Select(s => s.Outcome.Row?.ToStagedJson()).ToArray(),
        });
        command.Parameters.AddWithValue("retention", Settings.Retention);
        // Prepared (the prepared statement persists on the pooled physical connection, see PreparedQueries): planning
        // cost more than running it for the few jobs a batch holds when jobs run one at a time. Its generic plan looks
        // each job up by primary key, a batch of any size.
        await command.PrepareAsync(cancellationToken);
        var statuses = new Dictionary<Guid, JobStatus>(successes.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            statuses[reader.GetGuid(0)] = StoredNames.Parse<JobStatus>(reader.GetString(1));
        }
        return statuses;
    }

    /// <summary>
    /// processing → pending after a backoff, or failed when the failure is permanent or the attempts are spent
    /// (or cancelled when the client asked). The error is kept either way. Null when the lease is no longer ours.
    /// </summary>
    public async Task<JobStatus?> FailAsync(JobClaim claim, string error, bool retryable, CancellationToken cancellationToken)
    {
        const string next = "CASE WHEN cancel_requested THEN 'cancelled' WHEN NOT @retryable OR attempts >= max_attempts THEN 'failed' ELSE 'pending' END";
        await using var command = dataSource.CreateCommand($"""
            WITH changed AS (
                UPDATE jobs SET
                    status = {next},
                    error = @error,
                    finished_at = CASE WHEN {next} = 'pending' THEN NULL ELSE now() END,
                    expires_at = CASE WHEN {next} = 'pending' THEN expires_at ELSE now() + @retention END,
                    {ClearLease}
                WHERE {Fence}
                RETURNING id, status, attempts
            ), {RequeueOrDequeue()}
            SELECT status FROM changed
            """);
        AddFence(command.Parameters, claim);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("retryable", retryable);
        command.Parameters.AddWithValue("retention", Settings.Retention);
        AddBackoff(command, Settings);
        return ToStatus(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>processing → cancelled, when the handler stopped at a checkpoint because the client asked.</summary>
    public async Task<JobStatus?> MarkCancelledAsync(JobClaim claim, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH changed AS (
                UPDATE jobs SET status = 'cancelled', finished_at = now(), expires_at = now() + @retention, {ClearLease}
                WHERE {Fence} AND cancel_requested
                RETURNING id, status
            ), dequeued AS (
                DELETE FROM queued_jobs q USING changed c WHERE q.job_id = c.id
            )
            SELECT status FROM changed
            """);
        AddFence(command.Parameters, claim);
        command.Parameters.AddWithValue("retention", Settings.Retention);
        return ToStatus(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>
    /// processing → pending at once, without spending an attempt: this worker is shutting down, the job did not fail
    /// (cancelled instead, if the client asked meanwhile).
    /// Other workers are notified so one picks it up now.
    /// </summary>
    public async Task<int> ReleaseAsync(IReadOnlyCollection<JobClaim> claims, CancellationToken cancellationToken)
    {
        if (claims.Count == 0) return 0;
        await using var batch = dataSource.CreateBatch();
        var release = new NpgsqlBatchCommand($"""
            WITH changed AS (
                UPDATE jobs j SET status = CASE WHEN j.cancel_requested THEN 'cancelled' ELSE 'pending' END,
                    attempts = greatest(j.attempts - 1, 0),
                    finished_at = CASE WHEN j.cancel_requested THEN now() END,
                    expires_at = CASE WHEN j.cancel_requested THEN now() + @retention ELSE j.expires_at END,
                    {ClearLease}
                FROM unnest(@ids, @leases) AS held(id, lease)
                WHERE j.id = held.id AND j.lease_token = held.lease AND j.status = 'processing'
                RETURNING j.id, j.status
            ), {RequeueOrDequeue("now()")}
            SELECT count(*) FROM changed
            """);
        release.Parameters.AddWithValue("ids", claims.Select(c => c.JobId).ToArray());
        release.Parameters.AddWithValue("leases", claims.Select(c => c.Lease.Value).ToArray());
        release.Parameters.AddWithValue("retention", Settings.Retention);
        batch.BatchCommands.Add(release);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"NOTIFY {Channel}"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (int)reader.GetInt64(0) : 0;
    }

    /// <summary>
    /// A client's cancel: a pending job is cancelled at once; a running one is flagged and stops at its next
    /// checkpoint (or heartbeat). Finished jobs, and jobs whose result is already computed, are left alone.
    /// </summary>
    public Task<CancelResult> CancelAsync(Guid jobId, string ownerSubject, string organisationId, CancellationToken cancellationToken) =>
        CancelAsync(jobId, (ownerSubject, organisationId), cancellationToken);

    /// <summary>An operator's cancel (the dashboard): the same rules, for a job of any owner.</summary>
    public Task<CancelResult> CancelAnyAsync(Guid jobId, CancellationToken cancellationToken) => CancelAsync(jobId, null, cancellationToken);

    private async Task<CancelResult> CancelAsync(Guid jobId, (string Subject, string Organisation)? owner, CancellationToken cancellationToken)
    {
        // The row lock taken by "target" serialises this with the worker's fenced writes: whichever commits first wins,
        // and the other sees the outcome (a finished job is not cancelled; a cancelled one does not complete).
        await using var command = dataSource.CreateCommand("""
            WITH target AS (
                SELECT id, status FROM jobs
                WHERE id = @id AND (@any OR (owner_subject = @owner AND organisation_id = @org)) AND (expires_at IS NULL OR expires_at > now())
                FOR UPDATE
            ), cancelled AS (
                UPDATE jobs j SET
                    status = CASE WHEN j.status = 'pending' THEN 'cancelled' ELSE j.status END,
                    cancel_requested = true,
                    finished_at = CASE WHEN j.status = 'pending' THEN now() ELSE j.finished_at END,
                    expires_at = CASE WHEN j.status = 'pending' THEN now() + @retention ELSE j.expires_at END,
                    updated_at = now()
                FROM target t WHERE j.id = t.id AND t.status IN ('pending', 'processing')
                RETURNING j.id, j.status
            ), dequeued AS (
                DELETE FROM queued_jobs q USING cancelled c WHERE q.job_id = c.id AND c.status = 'cancelled'
            )
            SELECT EXISTS (SELECT 1 FROM cancelled) FROM target
            """);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("any", owner is null);
        command.Parameters.AddWithValue("owner", owner?.Subject ?? "");
        command.Parameters.AddWithValue("org", owner?.Organisation ?? "");
        command.Parameters.AddWithValue("retention", Settings.Retention);
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            true => CancelResult.Cancelled,
            false => CancelResult.AlreadyFinished,
            _ => CancelResult.NotFound,
        };
    }

    /// <summary>
    /// An operator's retry (the dashboard): a failed or cancelled job goes back to <c>pending</c> with its attempts
    /// reset, and workers are woken. Its error and result are cleared; rows it wrote (a batch's finished pages) stay,
    /// so its handler resumes where it stopped. Jobs in any other state are left alone.
    /// </summary>
    public async Task<RetryResult> RetryAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var retry = new NpgsqlBatchCommand($$"""
            WITH target AS (
                SELECT id, status FROM jobs WHERE id = @id AND (expires_at IS NULL OR expires_at > now()) FOR UPDATE
            ), retried AS (
                UPDATE jobs j SET status = 'pending', attempts = 0, error = NULL, result = NULL,
                    cancel_requested = false, finished_at = NULL, expires_at = NULL, {{ClearLease}}
                FROM target t WHERE j.id = t.id AND t.status IN ('failed', 'cancelled')
                RETURNING j.id
            ), queued AS (
                INSERT INTO queued_jobs (job_id, status, run_after) SELECT id, 'pending', now() FROM retried
                ON CONFLICT (job_id) DO UPDATE SET status = 'pending', run_after = now(), lease_expires_at = NULL
            )
            SELECT EXISTS (SELECT 1 FROM retried) FROM target
            """);
        retry.Parameters.AddWithValue("id", jobId);
        batch.BatchCommands.Add(retry);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"NOTIFY {Channel}"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? reader.GetBoolean(0) ? RetryResult.Retried : RetryResult.NotRetryable
            : RetryResult.NotFound;
    }

    /// <summary>The parameters of <see cref="RetryAt"/>.</summary>
    internal static void AddBackoff(NpgsqlCommand command, EngineSettings settings)
    {
        command.Parameters.AddWithValue("base_delay", settings.RetryBaseDelay);
        command.Parameters.AddWithValue("max_delay", settings.RetryMaxDelay);
    }

    private static void AddFence(NpgsqlParameterCollection parameters, JobClaim claim)
    {
        parameters.AddWithValue("id", claim.JobId);
        parameters.AddWithValue("lease", claim.Lease.Value);
    }

    private static JobStatus? ToStatus(object? value) => value is string name ? StoredNames.Parse<JobStatus>(name) : null;

    private static string Prefixed(string alias) =>
        string.Join(", ", Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => $"{alias}.{c}"));

    private static Job ReadJob(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        OwnerSubject = reader.GetString(1),
        OrganisationId = reader.GetString(2),
        Dialect = StoredNames.Parse<Dialect>(reader.GetString(3)),
        Kind = StoredNames.Parse<JobKind>(reader.GetString(4)),
        Status = StoredNames.Parse<JobStatus>(reader.GetString(5)),
        Request = reader.GetString(6),
        Total = reader.GetInt32(7),
        Completed = reader.GetInt32(8),
        CreditsUsed = reader.GetInt32(9),
        Attempts = reader.GetInt32(10),
        MaxAttempts = reader.GetInt32(11),
        LeaseToken = reader.IsDBNull(12) ? null : reader.GetGuid(12),
        LeaseOwner = reader.IsDBNull(13) ? null : reader.GetString(13),
        CancelRequested = reader.GetBoolean(14),
        CreatedAt = reader.GetDateTime(15),
        StartedAt = reader.IsDBNull(16) ? null : reader.GetDateTime(16),
        ExpiresAt = reader.IsDBNull(17) ? null : reader.GetDateTime(17),
        TraceParent = reader.IsDBNull(18) ? null : reader.GetString(18),
    };
}
