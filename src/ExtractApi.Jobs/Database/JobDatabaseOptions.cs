using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ExtractApi.Jobs.Database;

public static class JobDatabaseOptions
{
    /// <summary>
    /// How the server's <see cref="JobsDbContext"/> is configured: on the shared data source, without change tracking
    /// (the server reads far more than it writes), with the poll queries prepared (<see cref="PreparedQueries"/>).
    /// Anything else that runs the dialects' compiled queries must configure its contexts the same way: EF binds a
    /// compiled query to the first model it runs against.
    /// </summary>
    public static TBuilder UseJobDatabase<TBuilder>(this TBuilder options, NpgsqlDataSource dataSource) where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(dataSource).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).AddInterceptors(PreparedQueries.Instance);
        return options;
    }
}
