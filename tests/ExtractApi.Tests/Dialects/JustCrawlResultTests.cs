using System.Net;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Dialects;

public sealed class JustCrawlResultTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<Job> SeedAsync(JobStatus status, bool withRow, string owner = "alice", string org = "7f8e9a10-0000-4000-8000-000000000001")
    {
        var job = JobSeeds.Job(Dialect.JustCrawl, JobKind.Extract, status, owner, org, request: """{"url":"https://shop.example.com/p/1"}""",
            error: status == JobStatus.Failed ? "Timed out fetching https://shop.example.com/p/1" : null);
        await api.WithDbAsync(async db =>
        {
            db.Jobs.Add(job);
            if (withRow)
            {
                db.ExtractionResults.Add(new ExtractionResult
                {
                    Id = Guid.NewGuid(), OrgId = org, JobId = job.Id, Domain = "shop.example.com", SchemaId = "product-v1", DataType = "product",
                    Normalized = """{"name":"Kettle","price":39.9}""", RawBlobKey = $"raw/{job.Id}.html",
                    QualityCompleteness = 1, QualityValidation = 0.5, QualityComposite = 0.75, LatencyMs = 412,
                    DeliveredAt = JobSeeds.Created.AddSeconds(4), CreatedAt = JobSeeds.Created.AddSeconds(4),
                });
            }
            await db.SaveChangesAsync();
        });
        return job;
    }

    [Fact]
    public async Task Landed_row_is_returned_field_by_field()
    {
        var job = await SeedAsync(JobStatus.Completed, withRow: true);
        var row = await Json.ReadAsync(await api.ClientFor("alice", "7f8e9a10-0000-4000-8000-000000000001").GetAsync($"/api/v1/extraction/results/{job.Id}"), HttpStatusCode.OK);
        Json.HasExactly(row, "id", "orgId", "jobId", "domain", "schemaId", "dataType", "normalized", "rawBlobKey",
            "qualityCompleteness", "qualityValidation", "qualityComposite", "latencyMs", "deliveredAt", "createdAt");
        Assert.Equal("7f8e9a10-0000-4000-8000-000000000001", row.Str("orgId"));
        Assert.Equal(job.Id.ToString(), row.Str("jobId"));
        Assert.Equal("shop.example.com", row.Str("domain"));
        Assert.Equal("product-v1", row.Str("schemaId"));
        Assert.Equal("product", row.Str("dataType"));
        Assert.Equal("Kettle", row.GetProperty("normalized").Str("name"));
        Assert.Equal($"raw/{job.Id}.html", row.Str("rawBlobKey"));
        Assert.Equal(0.75, row.GetProperty("qualityComposite").GetDouble());
        Assert.Equal(412, row.GetProperty("latencyMs").GetInt32());
        Assert.Equal("2026-11-20T14:30:04.123Z", row.Str("deliveredAt"));
    }

    [Theory]
    [InlineData(JobStatus.ExtractionDone, true, "extraction_done")]
    [InlineData(JobStatus.Pending, false, "pending")]
    [InlineData(JobStatus.Processing, false, "processing")]
    public async Task Unlanded_results_answer_202_with_retry_after(JobStatus status, bool indexingPending, string expected)
    {
        var job = await SeedAsync(status, withRow: false);
        var response = await api.ClientFor("alice", "7f8e9a10-0000-4000-8000-000000000001").GetAsync($"/api/v1/extraction/results/{job.Id}");
        var body = await Json.ReadAsync(response, HttpStatusCode.Accepted);
        Json.HasExactly(body, "indexingPending", "status", "retryAfterSeconds", "message");
        Assert.Equal(indexingPending, body.GetProperty("indexingPending").GetBoolean());
        Assert.Equal(expected, body.Str("status"));
        var retryAfter = body.GetProperty("retryAfterSeconds").GetInt32();
        Assert.True(retryAfter > 0);
        Assert.Equal(TimeSpan.FromSeconds(retryAfter), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(JobStatus.Completed, HttpStatusCode.Conflict)] // completed but the row never landed
    [InlineData(JobStatus.Failed, HttpStatusCode.UnprocessableEntity)]
    [InlineData(JobStatus.Cancelled, HttpStatusCode.Conflict)]
    public async Task Jobs_without_a_row_get_the_documented_error(JobStatus status, HttpStatusCode expected)
    {
        var job = await SeedAsync(status, withRow: false);
        var response = await api.ClientFor("alice", "7f8e9a10-0000-4000-8000-000000000001").GetAsync($"/api/v1/extraction/results/{job.Id}");
        Json.IsJustCrawlError(await Json.ReadAsync(response, expected));
    }

    [Fact]
    public async Task Bad_ids_and_other_tenants()
    {
        var job = await SeedAsync(JobStatus.Completed, withRow: true);
        Json.IsJustCrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync("/api/v1/extraction/results/not-a-uuid"), HttpStatusCode.BadRequest));
        Json.IsJustCrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/api/v1/extraction/results/{Guid.NewGuid()}"), HttpStatusCode.NotFound));
        Json.IsJustCrawlError(await Json.ReadAsync(await api.ClientFor("bob", "7f8e9a10-0000-4000-8000-000000000001").GetAsync($"/api/v1/extraction/results/{job.Id}"), HttpStatusCode.NotFound));
        Json.IsJustCrawlError(await Json.ReadAsync(await api.ClientFor("alice", "other-org").GetAsync($"/api/v1/extraction/results/{job.Id}"), HttpStatusCode.NotFound));
        Json.IsJustCrawlError(await Json.ReadAsync(await api.CreateClient().GetAsync($"/api/v1/extraction/results/{job.Id}"), HttpStatusCode.Unauthorized));
    }
}
