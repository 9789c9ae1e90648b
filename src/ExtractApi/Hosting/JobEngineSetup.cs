using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Settings;
using Prometheus;

namespace ExtractApi.Hosting;

public static class JobEngineSetup
{
    /// <summary>
    /// The job engine. <c>Server:Role</c> (or <c>--role</c> on the command line): <c>api</c> serves requests only,
    /// <c>worker</c> and <c>all</c> also run the worker, rescuer, result writer and sweeper. Any number of processes
    /// of any role may share one database.
    /// </summary>
    public static WebApplicationBuilder AddJobEngine(this WebApplicationBuilder builder)
    {
        var role = RoleOf(builder.Configuration);
        builder.Services.AddJobEngine(runWorkers: role != ServerRole.Api);
        if (SettingsBinding.Read<EngineSettings>(builder.Configuration, EngineSettings.Section).RunDigestJobs)
        {
            builder.Services.AddJobHandler(new DigestHandler());
        }
        return builder;
    }

    /// <summary>Read now: the role decides which services are registered.</summary>
    public static ServerRole RoleOf(IConfiguration configuration) =>
        SettingsBinding.Read<ServerSettings>(configuration, ServerSettings.Section).Role;

    /// <summary><c>/metrics</c> for Prometheus: queue depth, claim latency, job duration, failures, and the process.</summary>
    public static WebApplication MapEngineMetrics(this WebApplication app)
    {
        app.MapMetrics("/metrics").AllowAnonymous();
        return app;
    }
}
