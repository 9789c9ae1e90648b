using System.Net;
using System.Text.Json;
using ExtractApi.Dialects.Linkup;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExtractApi.Tests.Dialects;

/// <summary><c>GET /v1/extract/{id}</c>: Firecrawl extract status or Linkup task, by the stored job's dialect.</summary>
public sealed class ExtractStatusTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string LinkupRequest = """{"prompt":"List the team members","urls":["https://example.com/team"],"schema":null,"verifyUrls":false,"rows":true}""";
    private const string ExtractResult = """{"data":{"name":"Acme","price":12.5},"sources":{"name":["https://example.com/a"]},"rows":[{"name":"Ada"},{"name":"Grace"}]}""";

    private async Task<Job> SeedAsync(Dialect dialect, JobStatus status, string request, string owner = "alice")
    {
        var job = JobSeeds.Job(dialect, JobKind.Extract, status, owner, request: request,
            result: status == JobStatus.Completed || status == JobStatus.ExtractionDone ? ExtractResult : null,
            error: status == JobStatus.Failed ? "Page https://example.com/a answered 500" : null);
        job.CreditsUsed = 3;
        await api.WithDbAsync(async db => { db.Jobs.Add(job); await db.SaveChangesAsync(); });
        return job;
    }

    [Theory]
    [InlineData(JobStatus.Pending, "processing")]
    [InlineData(JobStatus.Processing, "processing")]
    [InlineData(JobStatus.ExtractionDone, "processing")]
    [InlineData(JobStatus.Completed, "completed")]
    [InlineData(JobStatus.Failed, "failed")]
    [InlineData(JobStatus.Cancelled, "cancelled")]
    public async Task Firecrawl_extract_status_in_every_state(JobStatus status, string expected)
    {
        var job = await SeedAsync(Dialect.Firecrawl, status, """{"urls":["https://example.com/a"],"showSources":true}""");
        var body = await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/extract/{job.Id}"), HttpStatusCode.OK);

        var keys = new List<string> { "success", "status", "data", "expiresAt" };
        if (status is JobStatus.Failed or JobStatus.Cancelled) keys.Add("error");
        if (status == JobStatus.Completed) keys.Add("sources");
        Json.HasExactly(body, [.. keys]);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(expected, body.Str("status"));
        if (status == JobStatus.Completed)
        {
            Assert.Equal("Acme", body.GetProperty("data").Str("name"));
            Assert.Equal(12.5, body.GetProperty("data").GetProperty("price").GetDouble());
            Assert.Equal("https://example.com/a", body.GetProperty("sources").GetProperty("name")[0].GetString());
        }
        else
        {
            body.IsNull("data");
        }
        if (status == JobStatus.Failed) Assert.Equal("Page https://example.com/a answered 500", body.Str("error"));
    }

    [Theory]
    [InlineData(JobStatus.Pending, "pending")]
    [InlineData(JobStatus.Processing, "processing")]
    [InlineData(JobStatus.ExtractionDone, "processing")]
    [InlineData(JobStatus.Completed, "completed")]
    [InlineData(JobStatus.Failed, "failed")]
    [InlineData(JobStatus.Cancelled, "failed")]
    public async Task Linkup_task_in_every_state(JobStatus status, string expected)
    {
        var job = await SeedAsync(Dialect.Linkup, status, LinkupRequest);
        var body = await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/extract/{job.Id}"), HttpStatusCode.OK);

        Json.HasExactly(body, "id", "type", "status", "input", "output", "error", "createdAt", "updatedAt");
        Assert.Equal(job.Id.ToString(), body.Str("id"));
        Assert.Equal("extract", body.Str("type"));
        Assert.Equal(expected, body.Str("status"));
        Assert.Equal("2026-11-20T14:30:00.123Z", body.Str("createdAt"));
        Assert.Equal("2026-11-20T14:30:05.123Z", body.Str("updatedAt"));
        var input = body.GetProperty("input");
        Json.HasExactly(input, "q", "url", "schema", "verifyUrls");
        Assert.Equal("List the team members", input.Str("q"));
        Assert.Equal("https://example.com/team", input.Str("url"));
        input.IsNull("schema");
        Assert.False(input.GetProperty("verifyUrls").GetBoolean());

        if (status == JobStatus.Completed)
        {
            var output = body.GetProperty("output");
            Json.HasExactly(output, "creditsUsed", "resultUrl", "rowsReturned");
            Assert.Equal(3, output.GetProperty("creditsUsed").GetInt32());
            Assert.Equal(2, output.GetProperty("rowsReturned").GetInt32());
            body.IsNull("error");
        }
        else
        {
            body.IsNull("output");
            if (status is JobStatus.Failed or JobStatus.Cancelled) Assert.False(string.IsNullOrEmpty(body.Str("error")));
            else body.IsNull("error");
        }
    }

    [Fact]
    public async Task Linkup_result_url_serves_the_rows_without_auth_and_refuses_tampering()
    {
        var job = await SeedAsync(Dialect.Linkup, JobStatus.Completed, LinkupRequest);
        var body = await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/extract/{job.Id}"), HttpStatusCode.OK);
        var resultUrl = body.GetProperty("output").Str("resultUrl")!;
        Assert.StartsWith($"http://localhost/v1/extract/{job.Id}/results.ndjson?expires=", resultUrl);

        var anonymous = api.CreateClient();
        var download = await anonymous.GetAsync(resultUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/x-ndjson", download.Content.Headers.ContentType?.MediaType);
        var lines = (await download.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["""{"name":"Ada"}""", """{"name":"Grace"}"""], lines);

        var tampered = resultUrl[..^1] + (resultUrl[^1] == '0' ? '1' : '0');
        Json.IsLinkupError(await Json.ReadAsync(await anonymous.GetAsync(tampered), HttpStatusCode.Forbidden), 403, "FORBIDDEN");
        var otherJob = resultUrl.Replace(job.Id.ToString(), Guid.NewGuid().ToString());
        Json.IsLinkupError(await Json.ReadAsync(await anonymous.GetAsync(otherJob), HttpStatusCode.Forbidden), 403, "FORBIDDEN");
        var longer = resultUrl.Replace("expires=", "expires=9");
        Json.IsLinkupError(await Json.ReadAsync(await anonymous.GetAsync(longer), HttpStatusCode.Forbidden), 403, "FORBIDDEN");

        // A link signed in the past has expired.
        var links = api.Services.GetRequiredService<LinkupResultLinks>();
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = api.Services }.Request;
        request.Scheme = "http";
        request.Host = new Microsoft.AspNetCore.Http.HostString("localhost");
        var expired = links.Create(request, job.Id, DateTime.UtcNow.AddHours(-2));
        Json.IsLinkupError(await Json.ReadAsync(await anonymous.GetAsync(expired), HttpStatusCode.Forbidden), 403, "FORBIDDEN");
    }

    [Fact]
    public async Task Unknown_and_foreign_tasks_are_404_in_the_callers_dialect()
    {
        var job = await SeedAsync(Dialect.Linkup, JobStatus.Completed, LinkupRequest, owner: "alice");
        var linkupClient = api.ClientFor("mallory", userAgent: "Linkup-JS-SDK/2.1.1");
        Json.IsLinkupError(await Json.ReadAsync(await linkupClient.GetAsync($"/v1/extract/{job.Id}"), HttpStatusCode.NotFound), 404, "TASK_NOT_FOUND");
        Json.IsLinkupError(await Json.ReadAsync(await linkupClient.GetAsync($"/v1/extract/{Guid.NewGuid()}"), HttpStatusCode.NotFound), 404, "TASK_NOT_FOUND");
        Json.IsLinkupError(await Json.ReadAsync(await linkupClient.GetAsync("/v1/extract/01234-abcd-56789"), HttpStatusCode.NotFound), 404, "TASK_NOT_FOUND");

        var firecrawlClient = api.ClientFor("mallory");
        Json.IsFirecrawlError(await Json.ReadAsync(await firecrawlClient.GetAsync($"/v1/extract/{job.Id}"), HttpStatusCode.NotFound));
        Json.IsFirecrawlError(await Json.ReadAsync(await firecrawlClient.GetAsync("/v1/extract/nope"), HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("/v1/extract/")]
    [InlineData("/v2/extract/")]
    public async Task A_running_job_answers_only_its_owner_in_its_organisation_and_only_until_it_expires(string route)
    {
        var job = await SeedAsync(Dialect.Firecrawl, JobStatus.Processing, "{}");
        Action<JsonElement> isNotFound = route.StartsWith("/v2/", StringComparison.Ordinal) ? Json.IsFirecrawlV2Error : Json.IsFirecrawlError;
        Assert.Equal("processing", (await Json.ReadAsync(await api.ClientFor("alice").GetAsync(route + job.Id), HttpStatusCode.OK)).Str("status"));
        isNotFound(await Json.ReadAsync(await api.ClientFor("mallory").GetAsync(route + job.Id), HttpStatusCode.NotFound));
        isNotFound(await Json.ReadAsync(await api.ClientFor("alice", organisation: "org-2").GetAsync(route + job.Id), HttpStatusCode.NotFound));

        await api.WithDbAsync(db => db.Jobs.Where(j => j.Id == job.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        isNotFound(await Json.ReadAsync(await api.ClientFor("alice").GetAsync(route + job.Id), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_batch_job_is_not_an_extract_job()
    {
        var job = JobSeeds.Job(Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Completed);
        await api.WithDbAsync(async db => { db.Jobs.Add(job); await db.SaveChangesAsync(); });
        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/extract/{job.Id}"), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Linkup_schema_is_echoed_as_given()
    {
        var job = await SeedAsync(Dialect.Linkup, JobStatus.Pending,
            """{"prompt":"Team","urls":["https://example.com/team"],"schema":{"type":"object","properties":{"name":{"type":"string"}}},"verifyUrls":true,"rows":true}""");
        var body = await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/extract/{job.Id}"), HttpStatusCode.OK);
        var input = body.GetProperty("input");
        Assert.Equal("object", input.GetProperty("schema").Str("type"));
        Assert.True(input.GetProperty("verifyUrls").GetBoolean());
        Assert.Equal(JsonValueKind.Object, input.GetProperty("schema").GetProperty("properties").ValueKind);
    }
}
