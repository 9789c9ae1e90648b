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
        // Queue rows, then their job rows, both SKIP LOCKED, so the rescuer never waits (the lock order is JobQueue's): a
        // lease renewed after this statement began is re-read when its queue row is locked, and the job left alone.
        await using var command = dataSource.CreateCommand($"""
            WITH candidates AS (
                SELECT job_id FROM queued_jobs WHERE status = 'processing' AND lease_expires_at < now()
                ORDER BY lease_expires_at LIMIT @limit
                FOR UPDATE SKIP LOCKED
            ), expired AS (
                SELECT ctid AS job_row FROM jobs WHERE id = ANY (ARRAY (SELECT job_id FROM candidates)) AND status = 'processing'
                FOR NO KEY UPDATE SKIP LOCKED
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
            ), {JobQueue.RequeueOrDequeue()}
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
