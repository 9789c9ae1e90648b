using System.Data;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ExtractApi.Api;

/// <summary>The one way the dialects read a job: by id, and only while it has not expired.</summary>
public static class JobLookup
{
    // Compiled once and prepared on each connection: every poll runs this query, and both EF's per-call query-cache
    // lookup and PostgreSQL's planning are measurable at poll rates.
    private static readonly Func<JobsDbContext, Guid, DateTime, CancellationToken, Task<Job?>> ById =
        EF.CompileAsyncQuery((JobsDbContext db, Guid id, DateTime now, CancellationToken _) =>
            db.Jobs.TagWith(PreparedQueries.Tag).FirstOrDefault(j => j.Id == id && (j.ExpiresAt == null || j.ExpiresAt > now)));

    // The columns a status answer is rendered from; the engine's own (lease, attempts, run-after, trace parent,
    // idempotency, staged result row) are not read.
    private const string AnswerSql = """
        SELECT id, owner_subject, organisation_id, dialect, kind, status, request, result, error, total, completed, credits_used,
               cancel_requested, created_at, updated_at, started_at, finished_at, expires_at
        FROM jobs WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)
        """;

    public static Task<Job?> FindAsync(JobsDbContext db, Guid id, CancellationToken cancellationToken) =>
        ById(db, id, DateTime.UtcNow, cancellationToken);

    /// <summary>
    /// The job as <see cref="FindAsync"/> finds it, with only the columns a status answer is rendered from: the engine's
    /// bookkeeping (lease, attempts, run-after, trace parent, idempotency key and hash, staged result row) is left at
    /// its defaults, so the job is for rendering, never for saving. The status poll of a running job runs this on every
    /// request: one prepared statement with positional parameters on the context's connection, without EF's query
    /// pipeline and the materialisation of the whole row, which were a measurable part of the poll.
    /// </summary>
    public static async Task<Job?> FindForAnswerAsync(JobsDbContext db, Guid id, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(AnswerSql, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                Parameters = { new NpgsqlParameter<Guid> { TypedValue = id }, new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow } },
            };
            // Prepared explicitly, like the tagged LINQ queries (PreparedQueries): the statement stays prepared on the
            // pooled physical connection, so later polls skip PostgreSQL's parse and plan.
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            return new Job
            {
                Id = reader.GetGuid(0),
                OwnerSubject = reader.GetString(1),
                OrganisationId = reader.GetString(2),
                Dialect = StoredNames.Parse<Dialect>(reader.GetString(3)),
                Kind = StoredNames.Parse<JobKind>(reader.GetString(4)),
                Status = StoredNames.Parse<JobStatus>(reader.GetString(5)),
                Request = reader.GetString(6),
                Result = reader.IsDBNull(7) ? null : reader.GetString(7),
                Error = reader.IsDBNull(8) ? null : reader.GetString(8),
                Total = reader.GetInt32(9),
                Completed = reader.GetInt32(10),
                CreditsUsed = reader.GetInt32(11),
                CancelRequested = reader.GetBoolean(12),
                CreatedAt = reader.GetDateTime(13),
                UpdatedAt = reader.GetDateTime(14),
                StartedAt = reader.IsDBNull(15) ? null : reader.GetDateTime(15),
                FinishedAt = reader.IsDBNull(16) ? null : reader.GetDateTime(16),
                ExpiresAt = reader.IsDBNull(17) ? null : reader.GetDateTime(17),
            };
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static bool IsOwnedBy(this Job job, Caller caller) =>
        job.OwnerSubject == caller.Subject && job.OrganisationId == caller.Organisation;
}
