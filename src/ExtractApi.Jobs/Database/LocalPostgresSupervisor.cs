using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExtractApi.Jobs.Database;

/// <summary>
/// Keeps the embedded PostgreSQL cluster up: checks its postmaster every <see cref="CheckInterval"/> and, when it died
/// (killed, crashed, out of memory), starts it again on the same port. PostgreSQL replays its write-ahead log on start,
/// so every committed job is kept; the job worker pauses meanwhile and resumes when the database answers. A start that
/// fails (the dead server's backends may hold its shared memory for a moment) is tried again after a growing delay of
/// at most <see cref="MaxRetryDelay"/>, so a cluster that cannot start is not restarted in a tight loop.
/// </summary>
public sealed class LocalPostgresSupervisor(LocalPostgres cluster, ILogger<LocalPostgresSupervisor> logger) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How many times the cluster was started again (for tests and diagnostics).</summary>
    public int Restarts { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(CheckInterval, stoppingToken);
                if (cluster.IsRunning || cluster.IsStopped) continue;
                await RestartAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RestartAsync(CancellationToken stoppingToken)
    {
        logger.LogError("The local PostgreSQL on 127.0.0.1:{Port} has stopped; starting it again", cluster.Port);
        var down = Stopwatch.StartNew();
        var delay = CheckInterval;
        for (var attempt = 1; !cluster.IsRunning && !cluster.IsStopped; attempt++)
        {
            try
            {
                await cluster.StartAfterCrashAsync(stoppingToken);
                Restarts++;
                logger.LogWarning("The local PostgreSQL is running again on 127.0.0.1:{Port} ({Down} after it stopped, attempt {Attempt})",
                    cluster.Port, down.Elapsed, attempt);
                return;
            }
            catch (InvalidOperationException e)
            {
                logger.LogWarning("Starting the local PostgreSQL again failed (attempt {Attempt}): {Error}; next try in {Delay}", attempt, e.Message, delay);
            }
            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }
}
