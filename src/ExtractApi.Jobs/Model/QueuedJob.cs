namespace ExtractApi.Jobs.Model;

/// <summary>
/// The queue's row of an unfinished job: one per job that is pending, processing or extraction_done (its
/// <see cref="Status"/> is the job's), deleted in the statement that finishes the job. The claim, the lease rescuer and the
/// result writer find their jobs through this narrow table's partial indexes, so the jobs table has no index on a column
/// a state change writes: the job row's own updates are HOT (no index entries), and only this row's change touches an
/// index. The job row stays the record of the job; every statement that changes a job's status changes this row with it,
/// job row first (the lock order every writer keeps).
/// </summary>
public sealed class QueuedJob
{
    public Guid JobId { get; set; }
    public JobStatus Status { get; set; }
    /// <summary>Not claimable before this instant (a new job: its creation; a retry: its backoff).</summary>
    public DateTime RunAfter { get; set; }
    /// <summary>While processing: when the lease runs out unless renewed (then the rescuer takes the job back).</summary>
    public DateTime? LeaseExpiresAt { get; set; }
}
