using ExtractApi.Jobs.Database;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ExtractApi.Hosting;

public static class HealthSetup
{
    public static IServiceCollection AddApiHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<JobsDbContext>("database", tags: ["ready"]);
        return services;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: and its database does too.</summary>
    public static WebApplication MapApiHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}
