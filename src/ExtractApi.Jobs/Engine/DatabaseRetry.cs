using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ExtractApi.Jobs.Engine;

/// <summary>Retries a write while the database is unreachable (restarting, connection dropped), for a bounded time.</summary>
internal static class DatabaseRetry
{
    /// <summary>
    /// Runs <paramref name="write"/>, retrying transient failures for <paramref name="retryFor"/>. With
    /// <paramref name="availability"/>, a failure while the database does not answer at all waits until it answers
    /// (the worker is paused meanwhile) and then tries again without spending that budget: writes are fenced by the
    /// lease token, so a late write lands if the job was not rescued meanwhile and changes nothing if it was.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> write, TimeSpan retryFor, ILogger logger,
        DatabaseAvailability? availability = null, CancellationToken stop = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await write(CancellationToken.None);
            }
            catch (Exception e) when (IsTransient(e) && (availability is not null || started.Elapsed < retryFor))
            {
                if (availability is not null && await availability.WaitIfUnreachableAsync(e, stop))
                {
                    started.Restart();
                    delay = TimeSpan.FromMilliseconds(100);
                    continue;
                }
                if (started.Elapsed >= retryFor) throw;
                logger.LogWarning("A database write failed ({Error}); retrying in {Delay}", e.Message, delay);
                await Task.Delay(delay, stop);
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
