using ExtractApi.Jobs.Model;
using Npgsql;
using NpgsqlTypes;

namespace ExtractApi.Jobs.Pages;

/// <summary>
/// The previous tracked scrape of a URL by an organisation (<see cref="PageSnapshot"/>), for Firecrawl's change tracking:
/// read before a tracked page is stored, then replaced by it in one statement.
/// </summary>
public sealed class PageSnapshots(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Replaces the snapshot and answers the one it replaced ($1 organisation, $2 URL, $3 tag, $4 markdown, $5 json,
    /// $6 present, $7 time): the compare-and-swap is one statement, so two scrapes of one URL each see a previous one.
    /// </summary>
    public const string SwapSql = """
        WITH old AS (SELECT markdown, json, present, scraped_at FROM page_snapshots WHERE organisation_id = $1 AND url = $2 AND tag = $3 FOR UPDATE),
             put AS (
                INSERT INTO page_snapshots (organisation_id, url, tag, markdown, json, present, scraped_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (organisation_id, url, tag) DO UPDATE SET markdown = excluded.markdown, json = excluded.json,
                    present = excluded.present, scraped_at = excluded.scraped_at)
        SELECT markdown, json::text, present, scraped_at FROM old
        """;

    /// <summary>Stores this scrape as the latest and answers the one before it (null for the first).</summary>
    public async Task<PageSnapshot?> SwapAsync(PageSnapshot current, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SwapSql);
        command.Parameters.AddWithValue(current.OrganisationId);
        command.Parameters.AddWithValue(current.Url);
        command.Parameters.AddWithValue(current.Tag);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)current.Markdown ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)current.Json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(current.Present);
        command.Parameters.AddWithValue(current.ScrapedAt);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new PageSnapshot
        {
            OrganisationId = current.OrganisationId,
            Url = current.Url,
            Tag = current.Tag,
            Markdown = reader.IsDBNull(0) ? null : reader.GetString(0),
            Json = reader.IsDBNull(1) ? null : reader.GetString(1),
            Present = reader.GetBoolean(2),
            ScrapedAt = reader.GetDateTime(3),
        };
    }
}
