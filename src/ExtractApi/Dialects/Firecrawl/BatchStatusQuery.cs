using System.Data;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// The read behind a batch scrape poll, the hottest query of the server: the caller's job row and the documents of
/// one answer, in one round trip (a batch of two statements on the context's connection). PostgreSQL cuts the page
/// list at the response budget (a running sum of <c>content_bytes</c>), so pages past it never leave the database;
/// the documents are rendered here, not in SQL (building JSON in PostgreSQL cost more than the whole poll).
/// </summary>
public static class BatchStatusQuery
{
    /// <summary>The job's counters and the documents that fit, with whether more pages follow them.</summary>
    public sealed record Read(JobStatus Status, bool CancelRequested, int Total, int Completed, int CreditsUsed, DateTime? ExpiresAt,
        IReadOnlyList<FirecrawlDocument> Documents, bool More);

    private const string JobSql = """
        SELECT status, cancel_requested, total, completed, credits_used, expires_at FROM jobs
        WHERE id = $1 AND owner_subject = $2 AND organisation_id = $3 AND dialect = 'firecrawl' AND kind = 'batch_scrape'
          AND (expires_at IS NULL OR expires_at > $4)
        """;

    // Rows of the requested range (one more than the cap, to tell whether more follow); a row fits while it is within
    // the cap and the running byte sum is within the budget (the first row always fits).
    private const string PagesSql = """
        SELECT markdown, html, raw_html, links, metadata, fetched FROM (
            SELECT p.ordinal, p.markdown, p.html, p.raw_html, p.links, p.metadata,
                   row_number() OVER w AS n, sum(p.content_bytes) OVER w AS bytes, count(*) OVER () AS fetched
            FROM (SELECT * FROM job_pages WHERE job_id = $1 AND status = 'succeeded' ORDER BY ordinal OFFSET $2 LIMIT $3) p
            WINDOW w AS (ORDER BY p.ordinal)
        ) x
        WHERE n <= $4 AND (n = 1 OR bytes <= $5)
          AND EXISTS (SELECT 1 FROM jobs WHERE id = $1 AND owner_subject = $6 AND organisation_id = $7)
        ORDER BY ordinal
        """;

    /// <summary>The job when the caller owns it and it has not expired; otherwise null.</summary>
    public static async Task<Read?> RunAsync(JobsDbContext db, Guid jobId, Caller caller, int skip, int cap, long budgetBytes,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection())
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(JobSql)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<Guid> { TypedValue = jobId },
                            new NpgsqlParameter<string> { TypedValue = caller.Subject },
                            new NpgsqlParameter<string> { TypedValue = caller.Organisation },
                            new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow },
                        },
                    },
                    new NpgsqlBatchCommand(PagesSql)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<Guid> { TypedValue = jobId },
                            new NpgsqlParameter<int> { TypedValue = skip },
                            new NpgsqlParameter<int> { TypedValue = cap + 1 },
                            new NpgsqlParameter<int> { TypedValue = cap },
                            new NpgsqlParameter<long> { TypedValue = budgetBytes },
                            new NpgsqlParameter<string> { TypedValue = caller.Subject },
                            new NpgsqlParameter<string> { TypedValue = caller.Organisation },
                        },
                    },
                },
            };
            // Prepared explicitly, like the tagged LINQ poll queries (PreparedQueries): planning these statements cost
            // more than running them, and the prepared statements persist on the pooled physical connection.
            await batch.PrepareAsync(cancellationToken);
            await using var reader = await batch.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            var status = JobStatusNames.Parse(reader.GetString(0));
            var cancelRequested = reader.GetBoolean(1);
            var total = reader.GetInt32(2);
            var completed = reader.GetInt32(3);
            var creditsUsed = reader.GetInt32(4);
            DateTime? expiresAt = reader.IsDBNull(5) ? null : reader.GetDateTime(5);

            await reader.NextResultAsync(cancellationToken);
            var documents = new List<FirecrawlDocument>();
            long fetched = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(new FirecrawlDocument(
                    await TextAsync(reader, 0, cancellationToken),
                    await TextAsync(reader, 1, cancellationToken),
                    await TextAsync(reader, 2, cancellationToken),
                    await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetFieldValue<string[]>(3),
                    new RawJson(await TextAsync(reader, 4, cancellationToken) ?? "{}")));
                fetched = reader.GetInt64(5);
            }
            return new Read(status, cancelRequested, total, completed, creditsUsed, expiresAt, documents, fetched > documents.Count);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<string?> TextAsync(NpgsqlDataReader reader, int ordinal, CancellationToken cancellationToken) =>
        await reader.IsDBNullAsync(ordinal, cancellationToken) ? null : reader.GetString(ordinal);
}
