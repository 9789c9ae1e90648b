using ExtractApi.Jobs.Model;
using Npgsql;
using NpgsqlTypes;

namespace ExtractApi.Jobs.Pages;

/// <summary>
/// Firecrawl's <c>maxAge</c> cache, per organisation (<see cref="CachedPage"/>): the last answer a URL gave this
/// organisation's scrapes, reused by a scrape that accepts a page that old. Entries are swept by the expiry sweeper.
/// </summary>
public sealed class PageCache(NpgsqlDataSource dataSource)
{
    /// <summary>$1 organisation, $2 URL, $3 oldest acceptable fetch time.</summary>
    public const string FindSql = """
        SELECT final_url, status_code, content_type, body, truncated, fetched_at, expires_at FROM cached_pages
        WHERE organisation_id = $1 AND url = $2 AND fetched_at >= $3 AND expires_at > now()
        """;

    public const string UpsertSql = """
        INSERT INTO cached_pages (organisation_id, url, final_url, status_code, content_type, body, truncated, fetched_at, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (organisation_id, url) DO UPDATE SET final_url = excluded.final_url, status_code = excluded.status_code,
            content_type = excluded.content_type, body = excluded.body, truncated = excluded.truncated,
            fetched_at = excluded.fetched_at, expires_at = excluded.expires_at
        """;

    /// <summary>Entries past their expiry, a batch at a time ($1 batch size); run by the expiry sweeper.</summary>
    public const string SweepSql = """
        DELETE FROM cached_pages WHERE (organisation_id, url) IN (
            SELECT organisation_id, url FROM cached_pages WHERE expires_at < now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>The organisation's cached answer for the URL, when it was fetched at or after <paramref name="notBefore"/>.</summary>
    public async Task<CachedPage?> FindAsync(string organisationId, string url, DateTime notBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FindSql);
        command.Parameters.AddWithValue(organisationId);
        command.Parameters.AddWithValue(url);
        command.Parameters.AddWithValue(notBefore);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new CachedPage
        {
            OrganisationId = organisationId,
            Url = url,
            FinalUrl = reader.GetString(0),
            StatusCode = reader.IsDBNull(1) ? null : reader.GetInt32(1),
            ContentType = reader.IsDBNull(2) ? null : reader.GetString(2),
            Body = reader.GetFieldValue<byte[]>(3),
            Truncated = reader.GetBoolean(4),
            FetchedAt = reader.GetDateTime(5),
            ExpiresAt = reader.GetDateTime(6),
        };
    }

    /// <summary>Keeps the answer as the organisation's latest for the URL (replacing the one before).</summary>
    public async Task StoreAsync(CachedPage page, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UpsertSql);
        command.Parameters.AddWithValue(page.OrganisationId);
        command.Parameters.AddWithValue(page.Url);
        command.Parameters.AddWithValue(page.FinalUrl);
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = page.StatusCode, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)page.ContentType ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue(page.Body);
        command.Parameters.AddWithValue(page.Truncated);
        command.Parameters.AddWithValue(page.FetchedAt);
        command.Parameters.AddWithValue(page.ExpiresAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
