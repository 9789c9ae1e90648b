using ExtractApi.Jobs.Model;
using Npgsql;

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
    /// <para>
    /// Writes are queued before this returns and committed in the order they were queued. Concurrent writes of one job
    /// are committed together (group commit): while one transaction runs, the writes queued behind it wait and then go
    /// in one transaction, one lock of the job row and one commit for all of them, instead of one after another under
    /// the same lock. A failure of the group's transaction is the failure of each of its writes.
    /// </para>
    /// </summary>
    public Task<bool> WriteFencedAsync(IEnumerable<NpgsqlBatchCommand> writes, CancellationToken cancellationToken) =>
        WriteFencedAsync(writes, [], cancellationToken);

    /// <summary>
    /// <see cref="WriteFencedAsync(IEnumerable{NpgsqlBatchCommand}, CancellationToken)"/> with closing statements that
    /// bring the job row up to date after the writes (a recount of pages, the crawl's total): in a group, of the
    /// closing statements with the same SQL text only the last one queued runs, after all the writes.
    /// </summary>
    public Task<bool> WriteFencedAsync(IEnumerable<NpgsqlBatchCommand> writes, IReadOnlyList<NpgsqlBatchCommand> closing,
        CancellationToken cancellationToken)
    {
        var queued = new QueuedWrite([.. writes], closing);
        lock (_queuedLock)
        {
            _queued.Enqueue(queued);
            if (_committing) return queued.Done.Task;
            _committing = true;
        }
        _ = CommitQueuedAsync(cancellationToken);
        return queued.Done.Task;
    }

    /// <summary>Most writes one transaction takes from the queue (pages carry their documents: keep a group's size bounded).</summary>
    public const int MaxWritesPerTransaction = 32;

    /// <summary>How the fenced writes went so far: transactions, the writes they held, and the time spent in them.</summary>
    public string DescribeWrites() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Interlocked.Read(ref _groupedWrites)} writes in {Interlocked.Read(ref _transactions)} transactions, " +
        $"{Interlocked.Read(ref _transactionTicks) / (double)System.Diagnostics.Stopwatch.Frequency:0.00} s in them");

    private long _transactions, _groupedWrites, _transactionTicks;
    private readonly Lock _queuedLock = new();
    private readonly Queue<QueuedWrite> _queued = new();
    private bool _committing;

    private sealed record QueuedWrite(IReadOnlyList<NpgsqlBatchCommand> Writes, IReadOnlyList<NpgsqlBatchCommand> Closing)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Commits the queue group by group until it is empty; one runs at a time per job.</summary>
    private async Task CommitQueuedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var group = new List<QueuedWrite>();
            lock (_queuedLock)
            {
                while (group.Count < MaxWritesPerTransaction && _queued.TryDequeue(out var next)) group.Add(next);
                if (group.Count == 0)
                {
                    _committing = false;
                    return;
                }
            }
            try
            {
                var closing = new Dictionary<string, NpgsqlBatchCommand>(StringComparer.Ordinal);
                foreach (var command in group.SelectMany(w => w.Closing)) closing[command.CommandText] = command;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var cancelRequested = await _queue.WriteFencedAsync(Claim, group.SelectMany(w => w.Writes).Concat(closing.Values), cancellationToken);
                Interlocked.Add(ref _transactionTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
                Interlocked.Increment(ref _transactions);
                Interlocked.Add(ref _groupedWrites, group.Count);
                foreach (var write in group)
                {
                    if (cancelRequested is { } cancel) write.Done.SetResult(cancel);
                    else write.Done.SetException(new LeaseLostException());
                }
            }
            catch (Exception e)
            {
                foreach (var write in group) write.Done.TrySetException(e);
            }
        }
    }

    private static void ThrowIfStopped(bool? cancelRequested)
    {
        if (cancelRequested is null) throw new LeaseLostException();
        if (cancelRequested.Value) throw new JobCancelledException();
    }
}
