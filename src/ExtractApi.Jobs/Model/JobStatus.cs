namespace ExtractApi.Jobs.Model;

/// <summary>The life of a job. Stored as its snake_case wire name (see <see cref="StoredNames"/>).</summary>
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
