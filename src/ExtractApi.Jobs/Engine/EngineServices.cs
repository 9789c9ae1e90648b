using ExtractApi.Jobs.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace ExtractApi.Jobs.Engine;

public static class EngineServices
{
    /// <summary>
    /// The engine's services. Submitting, cancelling and the maintenance steps are always available; with
    /// <paramref name="runWorkers"/> the worker, listener, rescuer, writer and sweeper also run as hosted services.
    /// </summary>
    public static IServiceCollection AddJobEngine(this IServiceCollection services, bool runWorkers)
    {
        services.AddSettings<EngineSettings>(EngineSettings.Section);
        services.AddSingleton<JobQueue>();
        services.AddSingleton<Crawling.CrawlFrontier>();
        services.AddSingleton<JobSubmitter>();
        services.AddSingleton<JobHandlers>();
        services.AddSingleton<ClaimWakeup>();
        services.AddSingleton<WriterWakeup>();
        services.AddSingleton<DatabaseAvailability>();
        services.AddSingleton<JobWorker>();
        services.AddSingleton<LeaseRescuer>();
        services.AddSingleton<ResultWriter>();
        services.AddSingleton<ExpirySweeper>();
        services.AddSingleton<QueueListener>();
        services.AddSingleton<QueueDepthSampler>();

        services.AddHostedService(sp => sp.GetRequiredService<QueueDepthSampler>());
        if (runWorkers)
        {
            services.AddHostedService(sp => sp.GetRequiredService<QueueListener>());
            services.AddHostedService(sp => sp.GetRequiredService<ResultWriter>());
            services.AddHostedService(sp => sp.GetRequiredService<LeaseRescuer>());
            services.AddHostedService(sp => sp.GetRequiredService<ExpirySweeper>());
            services.AddHostedService(sp => sp.GetRequiredService<JobWorker>());
        }
        return services;
    }

    /// <summary>Adds the handler of a job kind; a later one for the same kind replaces it.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services) where THandler : class, IJobHandler =>
        services.AddSingleton<IJobHandler, THandler>();

    public static IServiceCollection AddJobHandler(this IServiceCollection services, IJobHandler handler) =>
        services.AddSingleton(handler);
}
