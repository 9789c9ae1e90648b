using ExtractApi.Jobs.Engine;
using Prometheus;

namespace ExtractApi.Hosting;

/// <summary>What a process runs: the HTTP API, the job worker (with its maintenance services), or both.</summary>
public enum ServerRole
{
    All,
    Api,
    Worker,
}

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
        builder.Services.AddJobEngine(builder.Configuration, runWorkers: role != ServerRole.Api);
        return builder;
    }

    public static ServerRole RoleOf(IConfiguration configuration)
    {
        // --role on the command line wins over Server:Role from the settings files.
        var name = configuration["role"] ?? configuration["Server:Role"] ?? nameof(ServerRole.All);
        return Enum.TryParse<ServerRole>(name, ignoreCase: true, out var role)
            ? role
            : throw new InvalidOperationException($"Server:Role must be api, worker or all, not '{name}'.");
    }

    /// <summary><c>/metrics</c> for Prometheus: queue depth, claim latency, job duration, failures, and the process.</summary>
    public static WebApplication MapEngineMetrics(this WebApplication app)
    {
        app.MapMetrics("/metrics").AllowAnonymous();
        return app;
    }
}
