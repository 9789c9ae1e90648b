using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// The bulk result writer. Jobs reach extraction_done with their result row staged on the job
/// (<c>jobs.staged_result_row</c>); one statement per batch inserts the rows into <c>extraction_results</c> and
/// marks the same jobs completed, atomically. A crash before it commits leaves the jobs in extraction_done for the
/// next flush; <c>ON CONFLICT (job_id) DO NOTHING</c> and the row locks make sure a row never lands twice.
/// </summary>
public sealed class ResultWriter(NpgsqlDataSource dataSource, WriterWakeup wakeup, IOptions<EngineSettings> options, ILogger<ResultWriter> logger)
    : BackgroundService
{
    private EngineSettings Settings => options.Value;

    /// <summary>
    /// Lands one batch; returns how many jobs were completed. The jobs are updated through <c>id = ANY(ARRAY(...))</c>,
    /// a primary key lookup whatever the statistics say: after a bulk insert the planner believed the batch held one
    /// row, joined it against a scan of the whole table, and one flush of 1,000 rows took 20 s of CPU.
    /// </summary>
    public async Task<int> LandBatchAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH candidates AS (
                SELECT job_id FROM queued_jobs WHERE status = 'extraction_done' LIMIT @limit FOR UPDATE SKIP LOCKED
            ), batch AS (
                SELECT id, organisation_id, staged_result_row FROM jobs
                WHERE id = ANY (ARRAY (SELECT job_id FROM candidates)) AND status = 'extraction_done'
                FOR NO KEY UPDATE SKIP LOCKED
            ), landed AS (
                INSERT INTO extraction_results (id, org_id, job_id, domain, schema_id, data_type, normalized, raw_blob_key,
                    quality_completeness, quality_validation, quality_composite, latency_ms, delivered_at, created_at)
                SELECT gen_random_uuid(), b.organisation_id, b.id, r.domain, r.schema_id, r.data_type, r.normalized, r.raw_blob_key,
                    coalesce(r.quality_completeness, 0), coalesce(r.quality_validation, 0), coalesce(r.quality_composite, 0),
                    r.latency_ms, NULL, now()
                FROM batch b, jsonb_to_record(b.staged_result_row) AS r(domain text, schema_id text, data_type text, normalized jsonb,
                    raw_blob_key text, quality_completeness float8, quality_validation float8, quality_composite float8, latency_ms int)
                WHERE b.staged_result_row IS NOT NULL
                ON CONFLICT (job_id) DO NOTHING
            ), changed AS (
                UPDATE jobs j SET status = 'completed', staged_result_row = NULL, finished_at = now(), expires_at = now() + @retention,
                    updated_at = now()
                WHERE j.id = ANY (ARRAY (SELECT id FROM batch)) AND j.status = 'extraction_done'
                RETURNING j.id
            ), dequeued AS (
                DELETE FROM queued_jobs q USING changed c WHERE q.job_id = c.id
            )
            SELECT count(*)::int FROM changed
            """);
        command.Parameters.AddWithValue("limit", Settings.WriterBatchSize);
        command.Parameters.AddWithValue("retention", Settings.Retention);
        var completed = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (completed > 0)
        {
            EngineMetrics.ResultsLanded.Inc(completed);
            logger.LogDebug("Landed the results of {Count} jobs", completed);
        }
        return completed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more are waiting: flush again before sleeping.
                while (await LandBatchAsync(stoppingToken) >= Settings.WriterBatchSize)
                {
                }
                failures = 0;
                await wakeup.WaitAsync(Settings.WriterInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (JobWorker.IsTransient(e))
            {
                failures++;
                logger.LogWarning("Landing results failed ({Error}); the jobs stay in extraction_done and are retried", e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * (1 << Math.Min(failures, 5)), 2000)), stoppingToken)
                    .ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
