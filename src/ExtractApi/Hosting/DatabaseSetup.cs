using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;
using Serilog.Extensions.Logging;

namespace ExtractApi.Hosting;

public static class DatabaseSetup
{
    public const string ConnectionName = "Jobs";

    /// <summary>
    /// Registers the job database. With <c>ConnectionStrings:Jobs</c> set it is used as is; otherwise a local
    /// PostgreSQL cluster is started from the machine's binaries (returned, so the caller stops it on exit) and
    /// supervised: started again on the same port if its postmaster dies.
    /// </summary>
    public static async Task<LocalPostgres?> AddJobDatabaseAsync(this WebApplicationBuilder builder)
    {
        LocalPostgres? local = null;
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var logger = new SerilogLoggerFactory(Serilog.Log.Logger).CreateLogger("LocalPostgres");
            var root = Path.Combine(SettingsBinding.Read<LocalDataSettings>(builder.Configuration, LocalDataSettings.Section).FullPath, "postgres");
            local = await LocalPostgres.StartAsync(root, durable: true, logger);
            connectionString = await local.EnsureDatabaseAsync("extractapi");
            // Restarts the cluster when its postmaster dies; the worker pauses meanwhile (DatabaseAvailability).
            builder.Services.AddSingleton(local);
            builder.Services.AddHostedService<LocalPostgresSupervisor>();
        }

        // No automatic preparation (Max Auto Prepare): with Npgsql 10.0.3 a statement that fails on first use leaves the
        // connection's prepared statements corrupt ("Received unexpected backend message DataRow"; npgsql issue 6391).
        // The poll queries are prepared explicitly instead (PreparedQueries).
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        // Connections keep no session state here (no SET, temp tables or session locks; the claim's setting is
        // transaction-local), so a pooled connection need not be reset on return. The reset otherwise runs before the
        // next statement (and cannot be DISCARD ALL once statements are prepared): it was a large share of a poll's cost.
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) dataSourceBuilder.ConnectionStringBuilder.NoResetOnClose = true;
        var dataSource = dataSourceBuilder.Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddDbContextPool<JobsDbContext>(options => options.UseJobDatabase(dataSource));
        return local;
    }

    /// <summary>Applies committed EF Core migrations (EF takes a database lock, so replicas may start together).</summary>
    public static async Task MigrateJobDatabaseAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DatabaseSettings>>().Value.MigrateOnStartup) return;
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<JobsDbContext>().Database;
        // Create the history table first (IF NOT EXISTS): otherwise EF reads it before it exists on a fresh database
        // and logs that failed statement as an error, the first thing a new user would see.
        await database.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await database.MigrateAsync();
    }
}
