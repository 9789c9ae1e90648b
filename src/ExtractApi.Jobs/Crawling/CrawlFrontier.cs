using ExtractApi.Jobs.Model;
using Npgsql;

namespace ExtractApi.Jobs.Crawling;

/// <summary>
/// A crawl's frontier in PostgreSQL (<c>crawl_urls</c>). Only the worker holding the crawl job's lease writes it, and
/// only through the job's fenced write (<see cref="Engine.JobContext.WriteFencedAsync"/>): admitted URLs go in with the
/// page that found them, and a URL is marked done with its page, in one transaction. So after a crash or a SIGKILL
/// the next attempt finds every finished page done (never fetched again) and every URL those pages found still
/// queued; <see cref="LoadAsync"/> rebuilds the admission state from the table.
/// </summary>
public sealed class CrawlFrontier(NpgsqlDataSource dataSource)
{
    /// <summary>The frontier so far, to resume admitting where the last attempt stopped.</summary>
    public async Task<FrontierAdmission> LoadAsync(Guid jobId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT dedupe_key, state, ordinal FROM crawl_urls WHERE job_id = $1");
        command.Parameters.AddWithValue(jobId);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int admitted = 0, nextOrdinal = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
            if (reader.GetString(1) != BlockedState) admitted++;
            nextOrdinal = Math.Max(nextOrdinal, reader.GetInt32(2) + 1);
        }
        return new FrontierAdmission(limit, keys, admitted, nextOrdinal);
    }

    /// <summary>The claim ($1 job id, $2 the last ordinal claimed before, $3 how many).</summary>
    public const string ClaimSql = """
        SELECT ordinal, url, depth FROM crawl_urls
        WHERE job_id = $1 AND state = 'queued' AND ordinal > $2
        ORDER BY ordinal LIMIT $3
        """;

    /// <summary>
    /// The next queued URLs in discovery order after <paramref name="afterOrdinal"/>, the last one this attempt
    /// claimed (-1 at its start). The claim need not skip URLs in flight, and the index scan starts where the last
    /// claim stopped: done URLs, and the index entries they leave behind until a vacuum, are never walked again, so a
    /// claim costs the same however many pages are done. That holds because the crawl's writes commit in discovery
    /// order (<see cref="Engine.JobContext.WriteFencedAsync(IEnumerable{NpgsqlBatchCommand}, CancellationToken)"/>
    /// commits in the order writes were queued, and the crawl queues them in the order it admitted the URLs): a URL
    /// that becomes visible later always has a higher ordinal than every URL visible now.
    /// </summary>
    public async Task<IReadOnlyList<FrontierUrl>> ClaimAsync(Guid jobId, int afterOrdinal, int count, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(afterOrdinal);
        command.Parameters.AddWithValue(count);
        var urls = new List<FrontierUrl>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) urls.Add(new FrontierUrl(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2)));
        return urls;
    }

    /// <summary>Whether any URL is still queued (the crawl is not finished).</summary>
    public async Task<int> QueuedCountAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*)::int FROM crawl_urls WHERE job_id = $1 AND state = 'queued'");
        command.Parameters.AddWithValue(jobId);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>URLs robots.txt kept the crawl from, in discovery order.</summary>
    public async Task<IReadOnlyList<string>> BlockedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT url FROM crawl_urls WHERE job_id = $1 AND state = 'blocked' ORDER BY ordinal");
        command.Parameters.AddWithValue(jobId);
        var urls = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) urls.Add(reader.GetString(0));
        return urls;
    }

    /// <summary>The insert of newly admitted URLs, for the fenced write that stores the page that found them.</summary>
    public static NpgsqlBatchCommand Insert(Guid jobId, IReadOnlyList<AdmittedUrl> urls)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO crawl_urls (job_id, ordinal, url, dedupe_key, depth, state)
            SELECT $1, u.ordinal, u.url, u.dedupe_key, u.depth, u.state
            FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::text[]) AS u(ordinal, url, dedupe_key, depth, state)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue(jobId);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = urls.Select(u => u.Ordinal).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = urls.Select(u => u.Url).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = urls.Select(u => u.DedupeKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = urls.Select(u => u.Depth).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = urls.Select(u => u.Blocked ? BlockedState : QueuedState).ToArray() });
        return command;
    }

    /// <summary>Marks a URL done, for the fenced write that stores its page.</summary>
    public static NpgsqlBatchCommand MarkDone(Guid jobId, int ordinal)
    {
        var command = new NpgsqlBatchCommand("UPDATE crawl_urls SET state = 'done' WHERE job_id = $1 AND ordinal = $2");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(ordinal);
        return command;
    }

    /// <summary>
    /// The job's <c>total</c>: the URLs admitted so far (what Firecrawl reports while a crawl runs). A closing
    /// statement of the fenced write: in a group, the last one queued (the highest count) runs.
    /// </summary>
    public static NpgsqlBatchCommand SetTotal(Guid jobId, int total)
    {
        var command = new NpgsqlBatchCommand("UPDATE jobs SET total = $2 WHERE id = $1 AND total <> $2");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(total);
        return command;
    }

    private static readonly string QueuedState = CrawlUrlState.Queued.ToName();
    private static readonly string BlockedState = CrawlUrlState.Blocked.ToName();
}

