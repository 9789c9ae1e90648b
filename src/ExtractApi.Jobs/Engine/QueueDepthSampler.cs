using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// Counts jobs per status now and then for the <c>extractapi_jobs</c> gauge (a scrape must not wait on a count). The
/// unfinished statuses are counted from their queue rows (a table as small as the backlog) at every sample; the
/// finished ones need a scan of the whole jobs table (kept for the retention period, three quarters of each page left
/// free for HOT updates), so they are counted at every fourth sample only.
/// </summary>
public sealed class QueueDepthSampler(NpgsqlDataSource dataSource, IOptions<EngineSettings> options, ILogger<QueueDepthSampler> logger)
    : BackgroundService
{
    private const int FinishedEvery = 4;
    private int _samples;

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var withFinished = _samples++ % FinishedEvery == 0;
        var counts = Enum.GetValues<JobStatus>().Where(s => withFinished || !s.IsFinished()).ToDictionary(s => s.ToName(), _ => 0L);
        await using var command = dataSource.CreateCommand(withFinished
            ? """
              SELECT status, count(*) FROM queued_jobs GROUP BY status
              UNION ALL SELECT status, count(*) FROM jobs WHERE status IN ('completed', 'failed', 'cancelled') GROUP BY status
              """
            : "SELECT status, count(*) FROM queued_jobs GROUP BY status");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        foreach (var (status, count) in counts)
        {
            EngineMetrics.QueueDepth.WithLabels(status).Set(count);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        MaintenanceLoop.RunAsync(options.Value.QueueDepthInterval, int.MaxValue, async ct => { await SampleAsync(ct); return 0; },
            logger, "Counting jobs", stoppingToken);
}
