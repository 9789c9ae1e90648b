using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// Takes back jobs whose lease expired (their worker died, hung, or lost the database): back to pending after a
/// backoff, or failed when that was the last attempt (cancelled when the client asked). The new status clears the
/// lease, so the old worker's fenced writes change nothing.
/// </summary>
public sealed class LeaseRescuer(NpgsqlDataSource dataSource, IOptions<EngineSettings> options, ILogger<LeaseRescuer> logger)
    : BackgroundService
{
    private const int BatchSize = 1000;

    private EngineSettings Settings => options.Value;

    /// <summary>Rescues one batch of expired leases; returns how many jobs were taken back.</summary>
    public async Task<int> RescueAsync(CancellationToken cancellationToken)
    {
        const string next = "CASE WHEN cancel_requested THEN 'cancelled' WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END";
        // The queue row is locked too (never waiting): a lease renewed after this statement began is re-read, and the
        // job left alone.
        await using var command = dataSource.CreateCommand($"""
            WITH expired AS (
                SELECT j.ctid AS job_row FROM queued_jobs q JOIN jobs j ON j.id = q.job_id
                WHERE q.status = 'processing' AND q.lease_expires_at < now() AND j.status = 'processing'
                ORDER BY q.lease_expires_at LIMIT @limit
                FOR NO KEY UPDATE OF j, q SKIP LOCKED
            ), changed AS (
                UPDATE jobs SET
                    status = {next},
                    error = CASE WHEN cancel_requested THEN error
                        ELSE 'Attempt ' || attempts || ' of ' || max_attempts || ' was abandoned: its worker (' || coalesce(lease_owner, '?')
                            || ') stopped renewing the lease.' END,
                    finished_at = CASE WHEN {next} = 'pending' THEN NULL ELSE now() END,
                    expires_at = CASE WHEN {next} = 'pending' THEN greatest(expires_at, now() + @retention) ELSE now() + @retention END,
                    lease_token = NULL, updated_at = now()
                WHERE ctid = ANY (ARRAY (SELECT job_row FROM expired)) AND status = 'processing'
                RETURNING id, status, attempts
            ), {JobQueue.RequeueOrDequeue}
            SELECT id, status FROM changed
            """);
        command.Parameters.AddWithValue("limit", BatchSize);
        command.Parameters.AddWithValue("retention", Settings.Retention);
        JobQueue.AddBackoff(command, Settings);
        var rescued = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rescued++;
            var status = reader.GetString(1);
            EngineMetrics.JobsRescued.WithLabels(status).Inc();
            using (logger.BeginScope(new Dictionary<string, object> { ["JobId"] = reader.GetGuid(0) }))
            {
                logger.LogWarning("Job {JobId} rescued from an expired lease: now {Status}", reader.GetGuid(0), status);
            }
        }
        return rescued;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await MaintenanceLoop.RunAsync(Settings.RescueInterval, BatchSize, RescueAsync, logger, "Rescuing expired leases", stoppingToken);
    }
}
