namespace ExtractApi.Jobs.Model;

/// <summary>The life of a job. Stored as its snake_case wire name (see <see cref="JobStatusNames"/>).</summary>
public enum JobStatus
{
    Pending,
    Processing,
    /// <summary>The result is computed and waits for the bulk writer to land it.</summary>
    ExtractionDone,
    Completed,
    Failed,
    Cancelled,
}

public static class JobStatusNames
{
    public static string ToName(this JobStatus status) => status switch
    {
        JobStatus.Pending => "pending",
        JobStatus.Processing => "processing",
        JobStatus.ExtractionDone => "extraction_done",
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static JobStatus Parse(string name) => name switch
    {
        "pending" => JobStatus.Pending,
        "processing" => JobStatus.Processing,
        "extraction_done" => JobStatus.ExtractionDone,
        "completed" => JobStatus.Completed,
        "failed" => JobStatus.Failed,
        "cancelled" => JobStatus.Cancelled,
        _ => throw new FormatException($"Unknown job status '{name}'."),
    };

    /// <summary>Finished jobs never change again (except for expiry).</summary>
    public static bool IsFinished(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
}
