namespace ExtractApi.Jobs.Engine;

public enum CancelResult
{
    /// <summary>A pending job is cancelled; a running one stops at its next checkpoint.</summary>
    Cancelled,
    /// <summary>The job already finished (or its result is computed): nothing to cancel (the API answers 409).</summary>
    AlreadyFinished,
    NotFound,
}
