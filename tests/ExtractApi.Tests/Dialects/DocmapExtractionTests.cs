using System.Net;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Dialects;

public sealed class DocmapExtractionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Request = """
        {"templateId":"tmpl_8f3a2b1c4d5e6f7g","templateName":"Invoice Template","fileName":"invoice-2024-001.pdf",
         "variables":[{"name":"vendor_name","type":"string","description":"Name of the vendor or supplier"}],
         "source":"api","runId":null}
        """;

    private async Task<Job> SeedAsync(JobStatus status, string owner = "uid_a1b2c3d4e5f6")
    {
        var job = JobSeeds.Job(Dialect.Docmap, JobKind.DocumentExtract, status, owner, request: Request,
            result: status is JobStatus.Completed or JobStatus.ExtractionDone
                ? """{"data":{"vendor_name":"Acme Corp","invoice_number":"INV-2024-001","total_amount":1250.00}}""" : null,
            error: status == JobStatus.Failed ? "The PDF has no text layer." : null);
        await api.WithDbAsync(async db => { db.Jobs.Add(job); await db.SaveChangesAsync(); });
        return job;
    }

    [Theory]
    [InlineData(JobStatus.Pending, "processing")]
    [InlineData(JobStatus.Processing, "processing")]
    [InlineData(JobStatus.ExtractionDone, "processing")]
    [InlineData(JobStatus.Completed, "completed")]
    [InlineData(JobStatus.Failed, "failed")]
    [InlineData(JobStatus.Cancelled, "failed")]
    public async Task Extraction_record_matches_the_seed_shape(JobStatus status, string expected)
    {
        var job = await SeedAsync(status);
        var envelope = await Json.ReadAsync(await api.ClientFor("uid_a1b2c3d4e5f6").GetAsync($"/v1/extractions/{job.Id}"), HttpStatusCode.OK);
        Json.HasExactly(envelope, "data");
        var data = envelope.GetProperty("data");
        Json.HasExactly(data, "id", "userId", "templateId", "templateName", "fileName", "status", "extractedData", "error",
            "variables", "source", "runId", "processingTimeMs", "createdAt");
        Assert.Equal(job.Id.ToString(), data.Str("id"));
        Assert.Equal("uid_a1b2c3d4e5f6", data.Str("userId"));
        Assert.Equal("tmpl_8f3a2b1c4d5e6f7g", data.Str("templateId"));
        Assert.Equal("Invoice Template", data.Str("templateName"));
        Assert.Equal("invoice-2024-001.pdf", data.Str("fileName"));
        Assert.Equal(expected, data.Str("status"));
        Assert.Equal("api", data.Str("source"));
        data.IsNull("runId");
        Assert.Equal("2026-11-20T14:30:00.123Z", data.Str("createdAt"));
        var variable = Assert.Single(data.GetProperty("variables").EnumerateArray().ToList());
        Json.HasExactly(variable, "name", "type", "description");
        Assert.Equal("vendor_name", variable.Str("name"));

        if (status == JobStatus.Completed)
        {
            Assert.Equal("Acme Corp", data.GetProperty("extractedData").Str("vendor_name"));
            Assert.Equal(1250.00m, data.GetProperty("extractedData").GetProperty("total_amount").GetDecimal());
            Assert.Equal(3842, data.GetProperty("processingTimeMs").GetInt64());
            data.IsNull("error");
        }
        else
        {
            data.IsNull("extractedData");
            if (expected == "failed")
            {
                Assert.False(string.IsNullOrEmpty(data.Str("error")));
                Assert.Equal(3842, data.GetProperty("processingTimeMs").GetInt64());
            }
            else
            {
                data.IsNull("error");
                data.IsNull("processingTimeMs");
            }
        }
    }

    [Fact]
    public async Task Another_users_extraction_is_forbidden_and_unknown_ones_not_found()
    {
        var job = await SeedAsync(JobStatus.Completed, owner: "uid_owner");
        Json.IsDocmapError(await Json.ReadAsync(await api.ClientFor("uid_other").GetAsync($"/v1/extractions/{job.Id}"), HttpStatusCode.Forbidden), "FORBIDDEN");
        Json.IsDocmapError(await Json.ReadAsync(await api.ClientFor("uid_owner").GetAsync($"/v1/extractions/{Guid.NewGuid()}"), HttpStatusCode.NotFound), "NOT_FOUND");
        Json.IsDocmapError(await Json.ReadAsync(await api.ClientFor("uid_owner").GetAsync("/v1/extractions/extract_9k2m4n6p8q0r1s3t"), HttpStatusCode.NotFound), "NOT_FOUND");
        Json.IsDocmapError(await Json.ReadAsync(await api.CreateClient().GetAsync($"/v1/extractions/{job.Id}"), HttpStatusCode.Unauthorized), "UNAUTHORIZED");
    }
}
