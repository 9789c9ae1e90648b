using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// Deletes finished jobs past <c>expires_at</c>; their pages, result rows and blobs go with them (foreign keys cascade).
/// Unfinished jobs are never swept: their <c>expires_at</c> is pushed forward while they wait and run. A job expires a
/// retention period after it finished, so its candidates are found by <c>created_at</c> (an index no update touches, see
/// <see cref="Database.JobsDbContext"/>); a job finished before the retention setting was raised goes when the new
/// period has passed since it was created. Blobs that belong
/// to no job (left by a server older than the one-transaction upload, or by hand) go after an hour's grace; cached pages
/// (Firecrawl's <c>maxAge</c> cache) go at their expiry.
/// </summary>
public sealed class ExpirySweeper(NpgsqlDataSource dataSource, IOptions<EngineSettings> options, ILogger<ExpirySweeper> logger)
    : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>Deletes one batch of expired jobs; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            DELETE FROM jobs WHERE id = ANY (ARRAY (
                SELECT id FROM jobs
                WHERE created_at < now() - @retention AND expires_at < now() AND status IN ('completed', 'failed', 'cancelled')
                ORDER BY created_at LIMIT @limit FOR UPDATE SKIP LOCKED))
            """);
        command.Parameters.AddWithValue("limit", BatchSize);
        command.Parameters.AddWithValue("retention", options.Value.Retention);
        var swept = await command.ExecuteNonQueryAsync(cancellationToken);
        await using var orphans = dataSource.CreateCommand("""
            DELETE FROM blobs WHERE key = ANY (ARRAY (
                SELECT key FROM blobs WHERE job_id IS NULL AND created_at < now() - interval '1 hour' LIMIT @limit FOR UPDATE SKIP LOCKED))
            """);
        orphans.Parameters.AddWithValue("limit", BatchSize);
        var orphaned = await orphans.ExecuteNonQueryAsync(cancellationToken);
        if (orphaned > 0) logger.LogInformation("Swept {Count} blobs that belonged to no job", orphaned);
        await using var cached = dataSource.CreateCommand(Pages.PageCache.SweepSql);
        cached.Parameters.AddWithValue(BatchSize);
        var uncached = await cached.ExecuteNonQueryAsync(cancellationToken);
        if (uncached > 0) logger.LogInformation("Swept {Count} expired cached pages", uncached);
        if (swept > 0)
        {
            EngineMetrics.JobsSwept.Inc(swept);
            logger.LogInformation("Swept {Count} expired jobs", swept);
        }
        return swept + orphaned + uncached;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        MaintenanceLoop.RunAsync(options.Value.SweepInterval, BatchSize, SweepAsync, logger, "Sweeping expired jobs", stoppingToken);
}
