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
    /// <para>
    /// Trap: with tracking off, an entity read by a query is not tracked, so <c>entity.X = …; SaveChanges()</c> writes
    /// nothing and raises no error. Write with <c>Add</c> (which tracks the new entity), <c>ExecuteUpdate</c> /
    /// <c>ExecuteDelete</c>, the engine's statements, or read the entity with <c>AsTracking()</c> first.
    /// </para>
    /// </summary>
    public static TBuilder UseJobDatabase<TBuilder>(this TBuilder options, NpgsqlDataSource dataSource) where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(dataSource).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).AddInterceptors(PreparedQueries.Instance);
        return options;
    }
}
