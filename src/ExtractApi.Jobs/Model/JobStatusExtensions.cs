namespace ExtractApi.Jobs.Model;

public static class JobStatusExtensions
{
    /// <summary>Finished jobs never change again (except for expiry).</summary>
    public static bool IsFinished(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
}
