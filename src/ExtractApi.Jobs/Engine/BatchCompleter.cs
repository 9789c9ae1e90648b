using System.Threading.Channels;
using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Logging;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// Records the worker's successful runs in batches, as river's batch completer does: one fenced statement for all the
/// successes that arrived while the previous statement ran. At low load a batch is a single job and waits for nothing;
/// under load it turns hundreds of commits into one.
/// </summary>
internal sealed class BatchCompleter(JobQueue queue, TimeSpan retryFor, ILogger logger)
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
                var statuses = await DatabaseRetry.RunAsync(ct => queue.SucceedManyAsync(successes, ct), retryFor, logger);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(statuses.TryGetValue(pending.Claim.JobId, out var status) ? status : null);
                }
            }
            catch (Exception e)
            {
                foreach (var pending in batch) pending.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private sealed record Pending(JobClaim Claim, JobOutcome.Succeeded Outcome, TaskCompletionSource<JobStatus?> Done);
}

/// <summary>Retries a write while the database is unreachable (restarting, connection dropped), for a bounded time.</summary>
internal static class DatabaseRetry
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> write, TimeSpan retryFor, ILogger logger)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await write(CancellationToken.None);
            }
            catch (Exception e) when (IsTransient(e) && started.Elapsed < retryFor)
            {
                logger.LogWarning("A database write failed ({Error}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>Failures that a later try may not meet: the connection, the server, a deadlock.</summary>
    public static bool IsTransient(Exception e) => e is Npgsql.NpgsqlException or TimeoutException or IOException
        || (e is InvalidOperationException && e.InnerException is Npgsql.NpgsqlException or IOException);
}
