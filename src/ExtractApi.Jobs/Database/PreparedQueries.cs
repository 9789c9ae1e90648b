using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ExtractApi.Jobs.Database;

/// <summary>
/// Explicit preparation for the few queries that run on every poll. A LINQ query tagged with <see cref="Tag"/> is
/// prepared before it runs; Npgsql keeps the prepared statement on the pooled physical connection, so only the first
/// execution on each connection pays the extra round trip and later ones skip PostgreSQL's parse and plan.
/// Automatic preparation stays off: with Npgsql 10.0.3 a statement that fails on its first (auto-prepared) use leaves
/// the connection's prepared statements corrupt (npgsql issue 6391). Explicit preparation parses in a round trip of
/// its own, so a later failed execution does not unprepare anything.
/// </summary>
public sealed class PreparedQueries : DbCommandInterceptor
{
    public const string Tag = "prepared";
    private static readonly string Marker = "-- " + Tag;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Tagged(command) is { } npgsql) await npgsql.PrepareAsync(cancellationToken);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Tagged(command)?.Prepare();
        return result;
    }

    private static NpgsqlCommand? Tagged(DbCommand command) =>
        command is NpgsqlCommand npgsql && command.CommandText.StartsWith(Marker, StringComparison.Ordinal) ? npgsql : null;

    internal static readonly PreparedQueries Instance = new();
}
