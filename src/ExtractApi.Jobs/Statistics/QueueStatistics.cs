using Npgsql;

namespace ExtractApi.Jobs.Statistics;

/// <summary>
/// The queue as operators see it, across every tenant: jobs by status and kind (expired ones left out), and the jobs
/// that finished in each minute of the last hour. Two named statements in one round trip.
/// </summary>
public static class QueueStatistics
{
    public const string DepthSql = """
        SELECT status, kind, count(*) FROM jobs WHERE expires_at IS NULL OR expires_at > now() GROUP BY status, kind ORDER BY status, kind
        """;

    public const string FinishedPerMinuteSql = """
        SELECT date_trunc('minute', finished_at), count(*) FILTER (WHERE status = 'completed'),
            count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'cancelled')
        FROM jobs WHERE finished_at > now() - interval '1 hour' GROUP BY 1 ORDER BY 1
        """;

    public static async Task<QueueSnapshot> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var depth = new List<QueueDepth>();
        var lastHour = new List<FinishedPerMinute>();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DepthSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(FinishedPerMinuteSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT now()"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) depth.Add(new QueueDepth(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lastHour.Add(new FinishedPerMinute(reader.GetDateTime(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new QueueSnapshot(depth, lastHour, reader.GetDateTime(0));
    }
}
