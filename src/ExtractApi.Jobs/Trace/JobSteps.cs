using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace ExtractApi.Jobs.Trace;

/// <summary>
/// Writes a job's execution trace (<see cref="JobStep"/>) as the worker runs. A step that cannot be written is logged
/// and skipped: the trace describes the work, it never fails it.
/// </summary>
public sealed class JobSteps(NpgsqlDataSource dataSource, ILogger<JobSteps> logger)
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public const string InsertSql = """
        INSERT INTO job_steps (job_id, attempt, name, started_at, finished_at, outcome, detail)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    public async Task RecordAsync(Guid jobId, int attempt, string name, DateTime startedAt, string outcome, string? detail, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(InsertSql);
            command.Parameters.Add(new NpgsqlParameter { Value = jobId });
            command.Parameters.Add(new NpgsqlParameter { Value = attempt });
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            command.Parameters.Add(new NpgsqlParameter { Value = startedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = outcome });
            command.Parameters.Add(new NpgsqlParameter { Value = detail is null ? DBNull.Value : detail.Length > 2000 ? detail[..2000] : detail });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            logger.LogInformation("Job {JobId} is gone; its {Step} step is not recorded", jobId, name);
        }
    }
}
