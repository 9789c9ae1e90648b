using ExtractApi.Jobs.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Serilog.Extensions.Logging;

namespace ExtractApi.Hosting;

public static class DatabaseSetup
{
    public const string ConnectionName = "Jobs";

    /// <summary>
    /// Registers the job database. With <c>ConnectionStrings:Jobs</c> set it is used as is; otherwise a local
    /// PostgreSQL cluster is started from the machine's binaries (returned, so the caller stops it on exit).
    /// </summary>
    public static async Task<LocalPostgres?> AddJobDatabaseAsync(this WebApplicationBuilder builder)
    {
        LocalPostgres? local = null;
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var logger = new SerilogLoggerFactory(Serilog.Log.Logger).CreateLogger("LocalPostgres");
            var root = Path.Combine(LocalDataSettings.From(builder.Configuration).FullPath, "postgres");
            local = await LocalPostgres.StartAsync(root, durable: true, logger);
            connectionString = await local.EnsureDatabaseAsync("extractapi");
        }

        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        // The engine runs the same few statements thousands of times a second: prepare them once per connection
        // instead of planning each execution (unless the connection string says otherwise).
        if (dataSourceBuilder.ConnectionStringBuilder.MaxAutoPrepare == 0) dataSourceBuilder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        var dataSource = dataSourceBuilder.Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddDbContextPool<JobsDbContext>(options => options
            .UseNpgsql(dataSource)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        return local;
    }

    /// <summary>Applies committed EF Core migrations (EF takes a database lock, so replicas may start together).</summary>
    public static async Task MigrateJobDatabaseAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Database:MigrateOnStartup", true)) return;
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<JobsDbContext>().Database.MigrateAsync();
    }
}
