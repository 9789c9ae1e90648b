using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExtractApi.Jobs.Engine;

/// <summary>Counts jobs per status now and then for the <c>extractapi_jobs</c> gauge (a scrape must not wait on a count).</summary>
public sealed class QueueDepthSampler(NpgsqlDataSource dataSource, IOptions<EngineSettings> options, ILogger<QueueDepthSampler> logger)
    : BackgroundService
{
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var counts = Enum.GetValues<JobStatus>().ToDictionary(s => s.ToName(), _ => 0L);
        await using var command = dataSource.CreateCommand("SELECT status, count(*) FROM jobs GROUP BY status");
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
