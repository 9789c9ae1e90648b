using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>The proof of one claim of a job. Every write after the claim names it, so a worker whose lease was
/// taken back (a zombie) changes nothing.</summary>
public readonly record struct LeaseToken(Guid Value)
{
    public override string ToString() => Value.ToString("N");
}

/// <summary>A job as claimed by this worker: the row, and the lease that fences every later write.</summary>
public sealed record JobClaim(Job Job, LeaseToken Lease)
{
    public Guid JobId => Job.Id;
}

/// <summary>What a lease renewal learned about one running job.</summary>
public readonly record struct LeaseRenewal(Guid JobId, bool CancelRequested);

public enum CancelResult
{
    /// <summary>A pending job is cancelled; a running one stops at its next checkpoint.</summary>
    Cancelled,
    /// <summary>The job already finished (or its result is computed): nothing to cancel (the API answers 409).</summary>
    AlreadyFinished,
    NotFound,
}

public enum RetryResult
{
    /// <summary>The failed or cancelled job is pending again.</summary>
    Retried,
    /// <summary>The job is pending, running or completed: nothing to retry (the dashboard answers 409).</summary>
    NotRetryable,
    NotFound,
}
