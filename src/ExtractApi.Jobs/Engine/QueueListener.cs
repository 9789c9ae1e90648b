using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// Holds one connection in <c>LISTEN</c> on the jobs channel and wakes the claim loop when jobs are inserted, so an
/// idle worker starts a job within milliseconds. If the connection drops it reconnects; the worker's poll covers
/// the gap, and a wake-up after reconnecting covers notifications sent while we were away.
/// </summary>
public sealed class QueueListener(NpgsqlDataSource dataSource, ClaimWakeup wakeup, ILogger<QueueListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => wakeup.Set();
                await using (var listen = new NpgsqlCommand($"LISTEN {JobQueue.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                wakeup.Set();
                delay = TimeSpan.FromMilliseconds(200);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning("The job notification connection failed ({Error}); reconnecting in {Delay}", e.Message, delay);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
