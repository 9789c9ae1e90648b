using System.Data;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ExtractApi.Jobs.Pages;

/// <summary>
/// The read behind a batch scrape poll, the hottest query of the server: the caller's job row and the documents of
/// one answer in one prepared statement (a job row joined to its page window; the job's columns repeat on each page
/// row). PostgreSQL cuts the page list at the response budget (a running sum of <c>content_bytes</c>), so pages past
/// it never leave the database; the documents are built by the caller (<c>document</c>), not in SQL (building JSON in PostgreSQL cost more
/// than the whole poll). Given the row version of an answer the caller already holds (<see cref="RowVersion"/>), the
/// statement reads no pages when the job row still has that version: the answer still stands.
/// </summary>
public static class BatchStatusQuery
{
    /// <summary>
    /// The job's counters and the documents that fit (<see cref="ContentBytes"/> of page content), with whether more
    /// pages follow them; when <see cref="Unchanged"/>, the row still has the known version and no documents were read.
    /// </summary>
    public sealed record Read<TDocument>(uint Version, bool Unchanged, JobStatus Status, bool CancelRequested, int Total, int Completed, int CreditsUsed,
        DateTime? ExpiresAt, IReadOnlyList<TDocument> Documents, long ContentBytes, bool More);

    /// <summary>Builds one document of the answer from a page's markdown, html, raw html, links, metadata JSON and extra document keys (JSON).</summary>
    public delegate TDocument PageDocument<out TDocument>(string? markdown, string? html, string? rawHtml, string[]? links, string? metadataJson,
        string? extrasJson);

    // Rows of the requested range (one more than the cap, to tell whether more follow); a row fits while it is within
    // the cap and the running byte sum is within the budget (the first row always fits). The version test is a one-time
    // filter: with the known version, the page scan never starts.
    public const string Sql = """
        SELECT j.xmin, j.status, j.cancel_requested, j.total, j.completed, j.credits_used, j.expires_at,
               p.markdown, p.html, p.raw_html, p.links, p.metadata, p.fetched, p.bytes::bigint, p.extras
        FROM jobs j
        LEFT JOIN LATERAL (
            SELECT x.* FROM (
                SELECT q.ordinal, q.markdown, q.html, q.raw_html, q.links, q.metadata, q.extras,
                       row_number() OVER w AS n, sum(q.content_bytes) OVER w AS bytes, count(*) OVER () AS fetched
                FROM (SELECT * FROM job_pages WHERE job_id = j.id AND status = 'succeeded' AND j.xmin <> $9 ORDER BY ordinal OFFSET $5 LIMIT $6) q
                WINDOW w AS (ORDER BY q.ordinal)
            ) x
            WHERE x.n <= $7 AND (x.n = 1 OR x.bytes <= $8)
        ) p ON true
        WHERE j.id = $1 AND j.owner_subject = $2 AND j.organisation_id = $3 AND j.dialect = 'firecrawl' AND j.kind = ANY ($10)
          AND (j.expires_at IS NULL OR j.expires_at > $4)
        ORDER BY p.ordinal
        """;

    /// <summary>
    /// The job when the caller (<paramref name="ownerSubject"/> in <paramref name="organisationId"/>) owns it and it has
    /// not expired; otherwise null. <paramref name="knownVersion"/> is the row version of an answer the caller holds (0 for none).
    /// </summary>
    public static async Task<Read<TDocument>?> RunAsync<TDocument>(JobsDbContext db, Guid jobId, string ownerSubject, string organisationId,
        IReadOnlyList<JobKind> kinds, int skip, int cap, long budgetBytes, uint knownVersion, PageDocument<TDocument> document, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection())
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid> { TypedValue = jobId },
                    new NpgsqlParameter<string> { TypedValue = ownerSubject },
                    new NpgsqlParameter<string> { TypedValue = organisationId },
                    new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow },
                    new NpgsqlParameter<int> { TypedValue = skip },
                    new NpgsqlParameter<int> { TypedValue = cap + 1 },
                    new NpgsqlParameter<int> { TypedValue = cap },
                    new NpgsqlParameter<long> { TypedValue = budgetBytes },
                    new NpgsqlParameter<uint> { TypedValue = knownVersion, NpgsqlDbType = NpgsqlDbType.Xid },
                    new NpgsqlParameter<string[]> { TypedValue = kinds.Select(k => k.ToName()).ToArray() },
                },
            };
            // Prepared explicitly, like the tagged LINQ poll queries (PreparedQueries): planning this statement cost
            // more than running it, and the prepared statement persists on the pooled physical connection.
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            var version = reader.GetFieldValue<uint>(0);
            var status = StoredNames.Parse<JobStatus>(reader.GetString(1));
            var cancelRequested = reader.GetBoolean(2);
            var total = reader.GetInt32(3);
            var completed = reader.GetInt32(4);
            var creditsUsed = reader.GetInt32(5);
            DateTime? expiresAt = reader.IsDBNull(6) ? null : reader.GetDateTime(6);
            if (version == knownVersion) return new Read<TDocument>(version, true, status, cancelRequested, total, completed, creditsUsed, expiresAt, [], 0, false);

            var documents = new List<TDocument>();
            long fetched = 0, contentBytes = 0;
            do
            {
                var markdown = await TextAsync(reader, 7, cancellationToken);
                var html = await TextAsync(reader, 8, cancellationToken);
                var rawHtml = await TextAsync(reader, 9, cancellationToken);
                var links = await reader.IsDBNullAsync(10, cancellationToken) ? null : reader.GetFieldValue<string[]>(10);
                var metadata = await TextAsync(reader, 11, cancellationToken);
                if (await reader.IsDBNullAsync(12, cancellationToken)) break; // the job has no page in the range
                fetched = reader.GetInt64(12);
                contentBytes = reader.GetInt64(13); // the running sum: the last row's is the answer's
                var extras = await TextAsync(reader, 14, cancellationToken);
                documents.Add(document(markdown, html, rawHtml, links, metadata, extras));
            }
            while (await reader.ReadAsync(cancellationToken));
            return new Read<TDocument>(version, false, status, cancelRequested, total, completed, creditsUsed, expiresAt, documents, contentBytes, fetched > documents.Count);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<string?> TextAsync(NpgsqlDataReader reader, int ordinal, CancellationToken cancellationToken) =>
        await reader.IsDBNullAsync(ordinal, cancellationToken) ? null : reader.GetString(ordinal);
}
