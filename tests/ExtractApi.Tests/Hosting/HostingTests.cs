using System.Net;
using ExtractApi.Jobs.Database;
using ExtractApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ExtractApi.Tests.Hosting;

public sealed class HostingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Health_endpoints_answer_without_a_token()
    {
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_documents_every_poll_endpoint_with_the_bearer_scheme()
    {
        var client = api.CreateClient();
        var doc = await Json.ReadAsync(await client.GetAsync("/swagger/v1/swagger.json"), HttpStatusCode.OK);
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/v1/batch/scrape/{id}", "/v1/crawl/{id}", "/v1/batch/scrape/{id}/errors", "/v1/extract/{id}",
                     "/v1/extract/{id}/results.ndjson", "/v1/extractions/{id}", "/api/v1/extraction/results/{jobId}" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing from Swagger");
            var responses = item.GetProperty("get").GetProperty("responses");
            Assert.True(responses.TryGetProperty("200", out _), $"{path} documents no 200");
        }
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.Str("type"));
        Assert.Equal("bearer", scheme.Str("scheme"));
        var justcrawl = paths.GetProperty("/api/v1/extraction/results/{jobId}").GetProperty("get");
        Assert.True(justcrawl.GetProperty("responses").TryGetProperty("202", out _));
        Assert.Equal("JustCrawl", justcrawl.GetProperty("tags")[0].GetString());
        // Firecrawl's two versions are two groups: every /v1 Firecrawl route under one tag, every /v2 route under the other.
        Assert.Equal("Firecrawl v1", paths.GetProperty("/v1/scrape").GetProperty("post").GetProperty("tags")[0].GetString());
        Assert.Equal("Firecrawl v1", paths.GetProperty("/v1/extract/{id}").GetProperty("get").GetProperty("tags")[0].GetString());
        foreach (var path in new[] { "/v2/scrape", "/v2/batch/scrape", "/v2/extract", "/v2/crawl" })
        {
            Assert.Equal("Firecrawl v2", paths.GetProperty(path).GetProperty("post").GetProperty("tags")[0].GetString());
        }

        var ui = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger-ui", await ui.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_takes_success_answers_from_the_handlers_typed_results_and_errors_in_the_vendor_shape()
    {
        var doc = await Json.ReadAsync(await api.CreateClient().GetAsync("/swagger/v1/swagger.json"), HttpStatusCode.OK);
        var paths = doc.GetProperty("paths");
        string Schema(string path, string method, string status) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status)
                .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText();
        Assert.Contains("DocmapTemplate", Schema("/v1/templates", "post", "201"));
        Assert.Contains("DocmapDeleted", Schema("/v1/templates/{id}", "delete", "200"));
        Assert.Contains("DocmapError", Schema("/v1/templates/{id}", "get", "404"));
        Assert.Contains("JustCrawlSchema", Schema("/api/v1/schemas/{id}", "put", "200"));
        Assert.True(paths.GetProperty("/api/v1/schemas/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _));
        Assert.Contains("JustCrawlError", Schema("/api/v1/schemas/{id}", "delete", "404"));
        // Poll answers (served from the answer cache) declare their body type too, and each status of a route its own.
        Assert.Contains("FirecrawlBatchStatus", Schema("/v1/batch/scrape/{id}", "get", "200"));
        Assert.Contains("FirecrawlBatchErrors", Schema("/v2/crawl/{id}/errors", "get", "200"));
        Assert.Contains("JustCrawlResultRow", Schema("/api/v1/extraction/results/{jobId}", "get", "200"));
        Assert.Contains("JustCrawlPending", Schema("/api/v1/extraction/results/{jobId}", "get", "202"));
        Assert.Contains("JustCrawlJob", Schema("/api/v1/jobs", "post", "201"));
        Assert.Contains("DocmapExtraction", Schema("/v1/extractions/run", "post", "202"));
        Assert.Contains("DocmapExtraction", Schema("/v1/extractions/{id}", "get", "200"));
        Assert.Contains("FirecrawlMapV1", Schema("/v1/map", "post", "200"));
        Assert.Contains("FirecrawlMapV2", Schema("/v2/map", "post", "200"));
        Assert.Contains("LinkupFetchResponse", Schema("/v1/fetch", "post", "200"));
        Assert.Contains("LinkupTaskList", Schema("/v1/extract", "get", "200"));
        Assert.Contains("FirecrawlError", Schema("/v2/scrape/{id}", "get", "404"));
        Assert.Contains("FirecrawlCreditUsageV1", Schema("/v1/team/credit-usage", "get", "200"));
        Assert.Contains("FirecrawlTokenUsageV2", Schema("/v2/team/token-usage", "get", "200"));
        Assert.Contains("DashboardJobDetail", Schema("/dashboard/api/jobs/{id}", "get", "200"));
    }

    [Fact]
    public async Task Unknown_routes_answer_in_the_dialect_shape()
    {
        var client = api.ClientFor("alice");
        Json.IsFirecrawlError(await Json.ReadAsync(await client.GetAsync("/v1/nothing-here"), HttpStatusCode.NotFound));
        Json.IsJustCrawlError(await Json.ReadAsync(await client.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound));
        Json.IsDocmapError(await Json.ReadAsync(await client.GetAsync("/v1/templates/x/y/z"), HttpStatusCode.NotFound), "NOT_FOUND");
    }

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_match_the_model()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("migrate");
        var options = new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql(connectionString).Options;
        await using (var db = new JobsDbContext(options))
        {
            Assert.NotEmpty(db.Database.GetMigrations());
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no committed migration covers: add a migration.");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'", connection);
        var tables = ((string)(await command.ExecuteScalarAsync())!).Split(',');
        foreach (var table in new[] { "jobs", "queued_jobs", "job_pages", "extraction_results", "templates", "blobs" }) Assert.Contains(table, tables);

        // Every lookup a poll or a claim makes has its index.
        await using var indexes = new NpgsqlCommand("SELECT string_agg(indexname, ',') FROM pg_indexes WHERE schemaname = 'public'", connection);
        var names = ((string)(await indexes.ExecuteScalarAsync())!).Split(',');
        foreach (var index in new[]
        {
            "pk_jobs", "ix_queued_jobs_claimable", "ix_queued_jobs_lease_expiry", "ix_queued_jobs_extraction_done", "ix_jobs_created",
            "ux_jobs_idempotency", "ux_job_pages_job_id_ordinal", "ux_extraction_results_job_id",
        })
        {
            Assert.Contains(index, names);
        }
    }

    [Fact]
    public async Task The_queue_table_migration_gives_every_unfinished_job_its_queue_row()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("migrate_queue");
        await using var db = new JobsDbContext(new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql(connectionString).Options);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("20261130222737_QueueIndexEntriesPerStateChange");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // One job per status, as the previous schema kept them (run_after and the lease expiry on the job row).
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO jobs (id, owner_subject, organisation_id, dialect, kind, status, request, total, completed, credits_used, attempts,
                max_attempts, run_after, lease_token, lease_expires_at, cancel_requested, created_at, updated_at)
            SELECT gen_random_uuid(), 'alice', 'org-1', 'firecrawl', 'extract', s, '{}', 0, 0, 0, 1, 3,
                timestamptz '2026-11-30 12:00:00+00', CASE WHEN s = 'processing' THEN gen_random_uuid() END,
                CASE WHEN s = 'processing' THEN timestamptz '2026-11-30 12:05:00+00' END, false, now(), now()
            FROM unnest(ARRAY['pending', 'processing', 'extraction_done', 'completed', 'failed', 'cancelled']) AS s
            """, connection))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await migrator.MigrateAsync();

        await using var queued = new NpgsqlCommand("""
            SELECT string_agg(q.status || ' ' || to_char(q.run_after AT TIME ZONE 'UTC', 'HH24:MI') || ' ' ||
                coalesce(to_char(q.lease_expires_at AT TIME ZONE 'UTC', 'HH24:MI'), '-'), ', ' ORDER BY q.status)
            FROM queued_jobs q JOIN jobs j ON j.id = q.job_id AND j.status = q.status
            """, connection);
        Assert.Equal("extraction_done 12:00 -, pending 12:00 -, processing 12:00 12:05", await queued.ExecuteScalarAsync());
    }
}
