using System.Threading.Channels;
using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Logging;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// Records the worker's successful runs in batches, as river's batch completer does: one fenced statement for all the
/// successes that arrived while the previous statement ran. At low load a batch is a single job and waits for nothing;
/// under load it turns hundreds of commits into one. Each statement runs under <paramref name="leaseWrites"/>, the
/// worker's gate that keeps it from running beside a lease renewal over the same jobs (see <see cref="JobQueue.RenewLeasesAsync"/>).
/// </summary>
internal sealed class BatchCompleter(JobQueue queue, TimeSpan retryFor, ILogger logger, DatabaseAvailability? availability = null,
    SemaphoreSlim? leaseWrites = null, CancellationToken stop = default)
{
    private const int MaxBatch = 500;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The job's new status once its batch committed; null when the lease was no longer ours.</summary>
    public Task<JobStatus?> SucceedAsync(JobClaim claim, JobOutcome.Succeeded outcome)
    {
        var pending = new Pending(claim, outcome, new TaskCompletionSource<JobStatus?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending)) throw new InvalidOperationException("The batch completer has stopped.");
        return pending.Done.Task;
    }

    /// <summary>No more successes will come: <see cref="RunAsync"/> ends after writing what it has.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    public async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                var successes = batch.Select(p => (p.Claim, p.Outcome)).ToList();
                var statuses = await DatabaseRetry.RunAsync(ct => SucceedManyAsync(successes, ct), retryFor, logger, availability, stop);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(statuses.TryGetValue(pending.Claim.JobId, out var status) ? status : null);
                }
            }
            catch (Exception e) when (batch.Count > 1 && !DatabaseRetry.IsTransient(e))
            {
                // One job's result cannot be stored (say, invalid JSON): record the others one by one.
                foreach (var pending in batch) await CompleteAloneAsync(pending);
            }
            catch (Exception e)
            {
                foreach (var pending in batch) pending.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task CompleteAloneAsync(Pending pending)
    {
        try
        {
            var statuses = await DatabaseRetry.RunAsync(ct => SucceedManyAsync([(pending.Claim, pending.Outcome)], ct), retryFor, logger, availability, stop);
            pending.Done.TrySetResult(statuses.TryGetValue(pending.Claim.JobId, out var status) ? status : null);
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    private async Task<IReadOnlyDictionary<Guid, JobStatus>> SucceedManyAsync(
        IReadOnlyList<(JobClaim Claim, JobOutcome.Succeeded Outcome)> successes, CancellationToken cancellationToken)
    {
        if (leaseWrites is null) return await queue.SucceedManyAsync(successes, cancellationToken);
        await leaseWrites.WaitAsync(cancellationToken);
        try
        {
            return await queue.SucceedManyAsync(successes, cancellationToken);
        }
        finally
        {
            leaseWrites.Release();
        }
    }

    private sealed record Pending(JobClaim Claim, JobOutcome.Succeeded Outcome, TaskCompletionSource<JobStatus?> Done);
}
