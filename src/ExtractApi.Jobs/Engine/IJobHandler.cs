using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// The work of one <see cref="JobKind"/>. The worker calls it once per claim; a handler may run again for the same
/// job (after a crash or a retry), so its side effects go through <see cref="JobContext"/> or are idempotent.
/// Throwing is a retryable failure; <see cref="JobOutcome.Failure"/> says whether to retry.
/// </summary>
public interface IJobHandler
{
    JobKind Kind { get; }

    Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>How a handler's run ended.</summary>
public abstract record JobOutcome
{
    private JobOutcome() { }

    /// <summary>The result (jsonb) and, when the job lands a row in <c>extraction_results</c>, that row.</summary>
    public sealed record Succeeded(string ResultJson, ResultRow? Row) : JobOutcome;

    public sealed record Failed(string Error, bool Retryable) : JobOutcome;

    public static JobOutcome Success(string resultJson, ResultRow? row = null) => new Succeeded(resultJson, row);

    public static JobOutcome Failure(string error, bool retryable = true) => new Failed(error, retryable);
}

/// <summary>
/// The <c>extraction_results</c> row of a job, computed by its handler and landed later by the bulk writer
/// (<see cref="ResultWriter"/>). The writer fills id, org, job id and timestamps.
/// </summary>
public sealed record ResultRow(
    string Domain,
    string DataType,
    string NormalizedJson,
    string? SchemaId = null,
    string? RawBlobKey = null,
    double QualityCompleteness = 0,
    double QualityValidation = 0,
    double QualityComposite = 0,
    int? LatencyMs = null)
{
    /// <summary>The staged form (jsonb with the column names as keys) the writer reads with <c>jsonb_to_record</c>.</summary>
    public string ToStagedJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("domain", Domain);
            writer.WriteString("data_type", DataType);
            writer.WritePropertyName("normalized");
            writer.WriteRawValue(NormalizedJson);
            writer.WriteString("schema_id", SchemaId);
            writer.WriteString("raw_blob_key", RawBlobKey);
            writer.WriteNumber("quality_completeness", QualityCompleteness);
            writer.WriteNumber("quality_validation", QualityValidation);
            writer.WriteNumber("quality_composite", QualityComposite);
            if (LatencyMs is { } latency) writer.WriteNumber("latency_ms", latency);
            else writer.WriteNull("latency_ms");
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>Thrown at a checkpoint when the client asked to cancel the job.</summary>
public sealed class JobCancelledException() : OperationCanceledException("The job was cancelled.");

/// <summary>Thrown at a checkpoint when this worker no longer holds the job's lease (it was rescued and maybe re-run).</summary>
public sealed class LeaseLostException() : OperationCanceledException("This worker's lease on the job was taken back.");

/// <summary>The handlers by kind; a later registration for a kind replaces an earlier one.</summary>
public sealed class JobHandlers(IEnumerable<IJobHandler> handlers)
{
    private readonly Dictionary<JobKind, IJobHandler> _byKind = handlers.GroupBy(h => h.Kind).ToDictionary(g => g.Key, g => g.Last());

    public IJobHandler? For(JobKind kind) => _byKind.GetValueOrDefault(kind);
}
