using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// Whether the job database answers, as the worker last found it. When a claim or a job's own statement fails because
/// the database went away, the worker pauses: it claims nothing and waits here, probing with <c>SELECT 1</c> at a
/// growing interval (at most <see cref="MaxProbeInterval"/>), until the database answers again; then it resumes. One
/// log line says it paused and one that it resumed, instead of a warning per failed statement.
/// </summary>
public sealed class DatabaseAvailability(NpgsqlDataSource dataSource, ILogger<DatabaseAvailability> logger) : IDisposable
{
    public static readonly TimeSpan MaxProbeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstProbeInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly Stopwatch _unreachableFor = new();
    private readonly CancellationTokenSource _disposed = new();
    private Task? _waiting;

    /// <summary>False while the worker is paused for an unreachable database.</summary>
    public bool IsReachable { get { lock (_gate) return _waiting is null; } }

    /// <summary>How many times the worker has paused (for tests and diagnostics).</summary>
    public int Pauses { get; private set; }

    /// <summary>Whether the database answers a trivial statement now.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // refused, starting up, shutting down, timed out: not answering, whatever the reason
        }
    }

    /// <summary>
    /// Called after a statement failed with <paramref name="failure"/> (a transient database error): when the database
    /// does not answer a probe either, pauses until it does. Returns whether it had to wait.
    /// Every caller that meets the outage waits on the same probe loop.
    /// </summary>
    public async Task<bool> WaitIfUnreachableAsync(Exception failure, CancellationToken cancellationToken)
    {
        Task waiting;
        lock (_gate)
        {
            waiting = _waiting ?? Task.CompletedTask;
        }
        if (waiting.IsCompleted)
        {
            if (await ProbeAsync(cancellationToken)) return false;
            lock (_gate)
            {
                if (_waiting is null)
                {
                    Pauses++;
                    _unreachableFor.Restart();
                    logger.LogWarning("The job database does not answer ({Error}): the worker pauses, claims nothing and probes it until it is back",
                        failure.Message);
                    // Not the caller's token: the probe serves every waiter, and stops when the host disposes this.
                    _waiting = ProbeUntilReachableAsync(_disposed.Token);
                }
                waiting = _waiting;
            }
        }
        await waiting.WaitAsync(cancellationToken);
        return true;
    }

    private async Task ProbeUntilReachableAsync(CancellationToken cancellationToken)
    {
        var interval = FirstProbeInterval;
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken);
                if (await ProbeAsync(cancellationToken)) break;
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxProbeInterval.Ticks));
            }
            logger.LogInformation("The job database answers again after {Outage}: the worker resumes", _unreachableFor.Elapsed);
        }
        finally
        {
            lock (_gate) _waiting = null;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
