using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using Npgsql;
using NpgsqlTypes;

namespace ExtractApi.Jobs.Pages;

/// <summary>
/// Writes a batch's pages as they finish, so documents show while the batch is still scraping. Every write goes
/// through the engine's fenced write (<see cref="JobContext.WriteFencedAsync"/>): a worker that lost the job writes nothing. Pages are upserted by (job, ordinal), so a
/// rerun after a crash overwrites rather than duplicates, and <see cref="FinishedOrdinalsAsync"/> lets it resume.
/// Each page is written in the same transaction as the job row's counters, so the row's version changes with every
/// page: the batch poll reuses a running batch's answer while that version holds (<c>JobAnswerCache</c>).
/// </summary>
public sealed class ScrapePageStore(NpgsqlDataSource dataSource)
{
    public static string RawBlobKey(Guid jobId, int ordinal) => $"raw/{jobId:N}/{ordinal}";

    /// <summary>The key of a page's <paramref name="index"/>th screenshot.</summary>
    public static string ScreenshotBlobKey(Guid jobId, int ordinal, int index) => $"screenshot/{jobId:N}/{ordinal}/{index}";

    /// <summary>The ordinals of the job's pages already written ($1 job id).</summary>
    public const string FinishedOrdinalsSql = "SELECT ordinal FROM job_pages WHERE job_id = $1 AND status <> 'pending'";

    /// <summary>A page's raw bytes, owned like its job ($1 key, $2 job id, $3 content type, $4 content, $5 size).</summary>
    public const string UpsertRawBlobSql = """
        INSERT INTO blobs (key, job_id, owner_subject, content_type, content, size_bytes, created_at)
        SELECT $1, id, owner_subject, $3, $4, $5, now() FROM jobs WHERE id = $2
        ON CONFLICT (key) DO UPDATE SET content = excluded.content, content_type = excluded.content_type, size_bytes = excluded.size_bytes
        """;

    /// <summary>A page by (job, ordinal): a rerun overwrites instead of duplicating.</summary>
    public const string UpsertPageSql = """
        INSERT INTO job_pages (job_id, ordinal, url, status, status_code, markdown, html, raw_html, links, metadata, error,
            content_bytes, raw_blob_key, extras, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now(), now())
        ON CONFLICT (job_id, ordinal) DO UPDATE SET status = excluded.status, status_code = excluded.status_code,
            markdown = excluded.markdown, html = excluded.html, raw_html = excluded.raw_html, links = excluded.links,
            metadata = excluded.metadata, error = excluded.error, content_bytes = excluded.content_bytes,
            raw_blob_key = excluded.raw_blob_key, extras = excluded.extras, updated_at = now()
        """;

    /// <summary>
    /// The job's counters from its pages ($1 job id): completed counts pages scraped successfully, creditsUsed one per
    /// such page (Firecrawl's meaning).
    /// </summary>
    public const string CountSucceededPagesSql = """
        UPDATE jobs SET (completed, credits_used, updated_at) =
            (SELECT count(*), count(*), now() FROM job_pages WHERE job_id = $1 AND status = 'succeeded')
        WHERE id = $1
        """;

    public async Task<HashSet<int>> FinishedOrdinalsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FinishedOrdinalsSql);
        command.Parameters.AddWithValue(jobId);
        var ordinals = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ordinals.Add(reader.GetInt32(0));
        return ordinals;
    }

    /// <summary>
    /// Stores the page and refreshes the job's counters through the engine's fenced write (one transaction holding
    /// the job under its lease; pages finished together share it). Throws <see cref="LeaseLostException"/> when the
    /// job was taken back; otherwise says whether the client asked to cancel. <paramref name="alsoWrite"/> goes in the
    /// same transaction (a crawl marks the page's URL done and adds the URLs it found), and so do
    /// <paramref name="alsoClosing"/> (closing statements, see <see cref="JobContext.WriteFencedAsync(IEnumerable{NpgsqlBatchCommand}, IReadOnlyList{NpgsqlBatchCommand}, CancellationToken)"/>).
    /// The write is queued before this returns.
    /// </summary>
    public Task<bool> SaveAsync(JobContext context, PageRecord page, CancellationToken cancellationToken,
        IEnumerable<NpgsqlBatchCommand>? alsoWrite = null, IEnumerable<NpgsqlBatchCommand>? alsoClosing = null)
    {
        var jobId = context.Claim.JobId;
        var counters = new NpgsqlBatchCommand(CountSucceededPagesSql);
        counters.Parameters.AddWithValue(jobId);
        return context.WriteFencedAsync(Writes(jobId, page).Concat(alsoWrite ?? []), [counters, .. alsoClosing ?? []], cancellationToken);
    }

    private static IEnumerable<NpgsqlBatchCommand> Writes(Guid jobId, PageRecord page)
    {
        string? blobKey = null;
        if (page.RawBody is { Length: > 0 } raw)
        {
            blobKey = RawBlobKey(jobId, page.Ordinal);
            var blob = new NpgsqlBatchCommand(UpsertRawBlobSql);
            blob.Parameters.AddWithValue(blobKey);
            blob.Parameters.AddWithValue(jobId);
            blob.Parameters.AddWithValue(page.RawContentType ?? "application/octet-stream");
            blob.Parameters.AddWithValue(raw);
            blob.Parameters.AddWithValue((long)raw.Length);
            yield return blob;
        }

        for (var i = 0; i < page.Screenshots.Count; i++)
        {
            var image = page.Screenshots[i];
            var shot = new NpgsqlBatchCommand(UpsertRawBlobSql);
            shot.Parameters.AddWithValue(ScreenshotBlobKey(jobId, page.Ordinal, i));
            shot.Parameters.AddWithValue(jobId);
            shot.Parameters.AddWithValue(image.ContentType);
            shot.Parameters.AddWithValue(image.Bytes);
            shot.Parameters.AddWithValue((long)image.Bytes.Length);
            yield return shot;
        }

        var upsert = new NpgsqlBatchCommand(UpsertPageSql);
        upsert.Parameters.AddWithValue(jobId);
        upsert.Parameters.AddWithValue(page.Ordinal);
        upsert.Parameters.AddWithValue(page.Url);
        upsert.Parameters.AddWithValue(page.Status.ToName());
        upsert.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = page.StatusCode, NpgsqlDbType = NpgsqlDbType.Integer });
        upsert.Parameters.Add(Text(page.Markdown));
        upsert.Parameters.Add(Text(page.Html));
        upsert.Parameters.Add(Text(page.RawHtml));
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)page.Links?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)page.MetadataJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        upsert.Parameters.Add(Text(page.Error));
        upsert.Parameters.AddWithValue(page.ContentBytes);
        upsert.Parameters.Add(Text(blobKey));
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)page.ExtrasJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        yield return upsert;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
