using Npgsql;

namespace ExtractApi.PollBenchmarks;

/// <summary>
/// The yardstick: a bare Kestrel endpoint doing one raw Npgsql primary-key select of a job and writing a few of its
/// fields as JSON. No auth, no EF, no rendering: what a poll costs at the very least.
/// </summary>
public static class Baseline
{
    public static async Task RunAsync(string connectionString, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var dataSource = NpgsqlDataSource.Create(connectionString);
        app.MapGet("/jobs/{id:guid}", async (Guid id, HttpResponse response) =>
        {
            await using var command = dataSource.CreateCommand("SELECT status, total, completed, credits_used FROM jobs WHERE id = $1");
            command.Parameters.AddWithValue(id);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) return Results.NotFound();
            return Results.Json(new { status = reader.GetString(0), total = reader.GetInt32(1), completed = reader.GetInt32(2), creditsUsed = reader.GetInt32(3) });
        });
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
    }
}
