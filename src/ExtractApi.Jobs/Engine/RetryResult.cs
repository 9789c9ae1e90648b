namespace ExtractApi.Jobs.Engine;

/// <summary>What an operator's retry (<see cref="JobQueue.RetryAsync"/>) did.</summary>
public enum RetryResult
{
    /// <summary>The failed or cancelled job is pending again.</summary>
    Retried,
    /// <summary>The job is pending, running or completed: nothing to retry (the dashboard answers 409).</summary>
    NotRetryable,
    NotFound,
}
