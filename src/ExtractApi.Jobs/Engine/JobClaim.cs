using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>A job as claimed by this worker: the row, and the lease that fences every later write.</summary>
public sealed record JobClaim(Job Job, LeaseToken Lease)
{
    public Guid JobId => Job.Id;
}
