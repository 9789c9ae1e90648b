using System.Net;
using ExtractApi.Tests.Infrastructure;
using Npgsql;

namespace ExtractApi.Tests.Security;

/// <summary>While the job database refuses connections, polls answer 503 with Retry-After in each dialect's shape.</summary>
public sealed class DatabaseOutageTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var database = new NpgsqlConnectionStringBuilder(api.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin)) await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
            terminate.Parameters.AddWithValue("db", database);
            await terminate.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Polls_answer_503_with_retry_after_in_each_dialect_then_recover()
    {
        var id = Guid.NewGuid();
        await SetConnectionsAllowedAsync(false);
        try
        {
            foreach (var (path, dialect) in new[] { ($"/v1/batch/scrape/{id}", "firecrawl"), ($"/v1/extractions/{id}", "docmap"),
                ($"/api/v1/extraction/results/{id}", "justcrawl"), ($"/v1/extract/{id}", "linkup") })
            {
                var client = api.ClientFor("outage", userAgent: dialect == "linkup" ? "Linkup-JS-SDK/2.1.1" : null);
                var response = await client.GetAsync(path);
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{path}: {(int)response.StatusCode} without Retry-After");
                var body = await Json.ReadAsync(response, HttpStatusCode.ServiceUnavailable);
                switch (dialect)
                {
                    case "firecrawl": Json.IsFirecrawlError(body); break;
                    case "docmap": Json.IsDocmapError(body, "SERVICE_UNAVAILABLE"); break;
                    case "justcrawl": Json.IsJustCrawlError(body); break;
                    default: Json.IsLinkupError(body, 503, "SERVICE_UNAVAILABLE"); break;
                }
            }
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor("outage").GetAsync($"/v1/batch/scrape/{id}")).StatusCode);
    }
}
