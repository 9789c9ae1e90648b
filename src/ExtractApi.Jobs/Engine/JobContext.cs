using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// What a handler sees of its job: the claimed row and the checkpoints. Every write through the context is fenced
/// by the lease; a checkpoint throws <see cref="JobCancelledException"/> when the client cancelled and
/// <see cref="LeaseLostException"/> when the job was taken back from this worker.
/// </summary>
public sealed class JobContext
{
    private readonly JobQueue _queue;

    public JobContext(JobClaim claim, JobQueue queue)
    {
        Claim = claim;
        _queue = queue;
    }

    public JobClaim Claim { get; }
    public Job Job => Claim.Job;
    public LeaseToken Lease => Claim.Lease;

    /// <summary>Checks for cancellation and for the lease without writing anything.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        var cancelRequested = await _queue.CheckpointAsync(Claim, cancellationToken);
        ThrowIfStopped(cancelRequested);
    }

    /// <summary>Records progress counters (null leaves a counter as it is), then acts as a checkpoint.</summary>
    public async Task ReportProgressAsync(int? total, int? completed, int? creditsUsed, CancellationToken cancellationToken)
    {
        var cancelRequested = await _queue.ReportProgressAsync(Claim, total, completed, creditsUsed, cancellationToken);
        ThrowIfStopped(cancelRequested);
    }

    /// <summary>
    /// The handler's own writes (pages, blobs), in a transaction that holds the job under this lease; throws
    /// <see cref="LeaseLostException"/> without writing when the job was taken back. Make them idempotent (upserts):
    /// after a crash the job runs again. Returns whether the client asked to cancel (the writes are kept either way).
    /// </summary>
    public async Task<bool> WriteFencedAsync(IEnumerable<Npgsql.NpgsqlBatchCommand> writes, CancellationToken cancellationToken) =>
        await _queue.WriteFencedAsync(Claim, writes, cancellationToken) ?? throw new LeaseLostException();

    private static void ThrowIfStopped(bool? cancelRequested)
    {
        if (cancelRequested is null) throw new LeaseLostException();
        if (cancelRequested.Value) throw new JobCancelledException();
    }
}
