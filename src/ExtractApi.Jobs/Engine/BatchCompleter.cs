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
            var statuses = await DatabaseRetry.RunAsync(ct => queue.SucceedManyAsync([(pending.Claim, pending.Outcome)], ct), retryFor, logger);
            pending.Done.TrySetResult(statuses.TryGetValue(pending.Claim.JobId, out var status) ? status : null);
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
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

    /// <summary>
    /// Failures that a later try may not meet: the connection or the server went away (restart, terminated backend),
    /// a deadlock, a timeout. Errors about the statement or its data (invalid JSON, a constraint) are not.
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        Npgsql.PostgresException postgres => postgres.IsTransient
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal), // the server is shutting down or starting
        Npgsql.NpgsqlException => true, // I/O with the server, pool exhausted
        TimeoutException or IOException => true,
        InvalidOperationException { InnerException: Npgsql.NpgsqlException or IOException } => true,
        _ => false,
    };
}
