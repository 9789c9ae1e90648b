using ExtractApi.Jobs.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ExtractApi.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of a test run: a throwaway local cluster started once per test process (and stopped when it
/// exits), or the server named by EXTRACTAPI_TEST_POSTGRES. Every fixture gets a database of its own.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Instance = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var server = await Instance.Value;
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The local cluster, for tests that stop and start the server; null when an external server is used.</summary>
    public static async Task<LocalPostgres?> LocalClusterAsync() => (await Instance.Value).Local;

    private static async Task<Server> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("EXTRACTAPI_TEST_POSTGRES") is { Length: > 0 } external)
        {
            return new Server(external, null);
        }
        var root = Path.Combine(Path.GetTempPath(), $"extractapi-tests-{Environment.ProcessId}");
        var local = await LocalPostgres.StartAsync(root, durable: false, NullLogger.Instance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            local.StopAsync("immediate").GetAwaiter().GetResult();
            try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return new Server(local.ConnectionString("postgres"), local);
    }

    private sealed record Server(string AdminConnectionString, LocalPostgres? Local);
}
