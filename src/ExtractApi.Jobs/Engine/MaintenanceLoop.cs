using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExtractApi.Jobs.Engine;

/// <summary>The loop of the maintenance services: run a step every interval, again at once while it fills whole batches.</summary>
internal static class MaintenanceLoop
{
    public static async Task RunAsync(TimeSpan interval, int batchSize, Func<CancellationToken, Task<int>> step, ILogger logger,
        string what, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await step(stoppingToken) >= batchSize && !stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (JobWorker.IsTransient(e))
            {
                logger.LogWarning("{What} failed: {Error}", what, e.Message);
            }
            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
