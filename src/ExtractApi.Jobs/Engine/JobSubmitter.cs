using System.Security.Cryptography;
using System.Text;
using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace ExtractApi.Jobs.Engine;

/// <summary>Creates jobs. The insert trigger notifies idle workers at commit (see the JobEngine migration).</summary>
public sealed class JobSubmitter(NpgsqlDataSource dataSource, IOptions<EngineSettings> options)
{
    private EngineSettings Settings => options.Value;

    public Task<SubmitResult> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken) =>
        SubmitAsync(submission, null, cancellationToken);

    /// <summary>
    /// Creates the job inside the caller's <paramref name="transaction"/> (when given), so it becomes visible to workers
    /// together with whatever else that transaction stores, or not at all.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(JobSubmission submission, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(submission.RequestJson)));
        // Bounded: each turn either inserts, finds the key's job, or clears a stale key that blocked the insert.
        for (var turn = 0; turn < 3; turn++)
        {
            if (await InsertAsync(submission, requestHash, transaction, cancellationToken) is { } created)
            {
                EngineMetrics.JobsSubmitted.WithLabels(submission.Kind.ToString()).Inc();
                return new SubmitResult(SubmitStatus.Created, created);
            }
            var existing = await FindByKeyAsync(submission, transaction, cancellationToken);
            if (existing is null) continue; // swept between our insert and our look-up
            if (existing.Value.Stale)
            {
                await ForgetKeyAsync(existing.Value.Id, submission.IdempotencyKey!, transaction, cancellationToken);
                continue;
            }
            return existing.Value.RequestHash == requestHash
                ? new SubmitResult(SubmitStatus.Existing, existing.Value.Id)
                : new SubmitResult(SubmitStatus.IdempotencyConflict, existing.Value.Id);
        }
        throw new InvalidOperationException("The idempotency key kept changing hands while the job was being created.");
    }

    /// <summary>The new job's id, or null when the idempotency key is taken.</summary>
    private async Task<Guid?> InsertAsync(JobSubmission submission, string requestHash, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // The job and its queue row (see QueuedJob) in one statement.
        await using var command = Command("""
            WITH job AS (
                INSERT INTO jobs (id, owner_subject, organisation_id, dialect, kind, status, request, total, completed, credits_used,
                    attempts, max_attempts, cancel_requested, idempotency_key, request_hash, trace_parent, created_at, updated_at, expires_at)
                VALUES (@id, @owner, @org, @dialect, @kind, 'pending', @request, @total, 0, 0,
                    0, @max_attempts, false, @key, @hash, @trace_parent, now(), now(), now() + @retention)
                ON CONFLICT (organisation_id, owner_subject, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id
            ), queued AS (
                INSERT INTO queued_jobs (job_id, status, run_after) SELECT id, 'pending', now() FROM job
            )
            SELECT id FROM job
            """, transaction);
        // Version 7: time-ordered ids keep the primary key index append-mostly.
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("owner", submission.OwnerSubject);
        command.Parameters.AddWithValue("org", submission.OrganisationId);
        command.Parameters.AddWithValue("dialect", submission.Dialect.ToName());
        command.Parameters.AddWithValue("kind", submission.Kind.ToName());
        command.Parameters.Add(new NpgsqlParameter<string>("request", NpgsqlDbType.Jsonb) { TypedValue = submission.RequestJson });
        command.Parameters.AddWithValue("total", submission.Total);
        command.Parameters.AddWithValue("max_attempts", submission.MaxAttempts ?? Settings.MaxAttempts);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)submission.IdempotencyKey ?? DBNull.Value });
        command.Parameters.AddWithValue("hash", requestHash);
        // The creating request's trace context (W3C), for the runs' activities to link to.
        var trace = System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } current ? current.Id : null;
        command.Parameters.Add(new NpgsqlParameter("trace_parent", NpgsqlDbType.Text) { Value = (object?)trace ?? DBNull.Value });
        command.Parameters.AddWithValue("retention", Settings.Retention);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private async Task<(Guid Id, string? RequestHash, bool Stale)?> FindByKeyAsync(JobSubmission submission, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            SELECT id, request_hash, created_at < now() - @window FROM jobs WHERE organisation_id = @org AND owner_subject = @owner AND idempotency_key = @key
            """, transaction);
        command.Parameters.AddWithValue("org", submission.OrganisationId);
        command.Parameters.AddWithValue("owner", submission.OwnerSubject);
        command.Parameters.AddWithValue("key", submission.IdempotencyKey!);
        command.Parameters.AddWithValue("window", Settings.IdempotencyWindow);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return (reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2));
    }

    /// <summary>A key past its window no longer names its job; the job itself lives on until it expires.</summary>
    private async Task ForgetKeyAsync(Guid jobId, string key, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command("UPDATE jobs SET idempotency_key = NULL WHERE id = @id AND idempotency_key = @key", transaction);
        command.Parameters.AddWithValue("id", jobId);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, NpgsqlTransaction? transaction) =>
        transaction is null ? dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, transaction.Connection, transaction);
}
