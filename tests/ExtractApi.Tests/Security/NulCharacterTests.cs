using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExtractApi.Tests.Security;

/// <summary>U+0000 cannot be stored in PostgreSQL text: every dialect refuses it with its own 400, and stores nothing.</summary>
public sealed class NulCharacterTests(ApiFactory api) : IClassFixture<ApiFactory>
{

    [Fact]
    public async Task Firecrawl_answers_its_400_for_a_nul_in_any_string()
    {
        var client = api.ClientFor("alice");
        var extract = await Json.ReadAsync(await client.PostAsync("/v1/extract", Json.Body("""{"urls":["https://e.com"],"prompt":"price\u0000"}""")), HttpStatusCode.BadRequest);
        Json.IsFirecrawlError(extract);
        Assert.Contains("prompt", extract.Str("error"));
        var batch = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape",
            Json.Body("""{"urls":["https://e.com"],"headers":{"X-Note":"a\u0000b"}}""")), HttpStatusCode.BadRequest);
        Json.IsFirecrawlError(batch);
        Assert.Contains("headers.X-Note", batch.Str("error"));
        Json.IsFirecrawlError(await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape",
            Json.Body("""{"urls":["https://e.com"],"webhook":{"url":"https://e.com/h","metadata":{"k\u0000":1}}}""")), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Linkup_and_justcrawl_answer_their_400()
    {
        var linkup = await Json.ReadAsync(await api.ClientFor("alice", userAgent: "Linkup-JS-SDK/2.1.1").PostAsync("/v1/extract",
            Json.Body("""{"q":"who\u0000","url":"https://example.com/team"}""")), HttpStatusCode.BadRequest);
        Json.IsLinkupError(linkup, 400, "VALIDATION_ERROR");
        var schema = await Json.ReadAsync(await api.ClientFor("alice").PostAsync("/api/v1/schemas",
            Json.Body("""{"name":"a\u0000","schema":{"type":"object","properties":{"name":{"type":"string"}}}}""")), HttpStatusCode.BadRequest);
        Json.IsJustCrawlError(schema);
    }

    [Fact]
    public async Task Docmap_answers_its_400_and_keeps_no_document()
    {
        var client = api.ClientFor("nul-uploader");
        Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync("/v1/templates",
            Json.Body("""{"name":"Invoice\u0000","variables":[{"name":"total","type":"currency","description":"Total"}]}""")), HttpStatusCode.BadRequest), "VALIDATION_ERROR");
        var template = await Json.ReadAsync(await client.PostAsync("/v1/templates",
            Json.Body("""{"name":"Invoice","variables":[{"name":"total","type":"currency","description":"Total"}]}""")), HttpStatusCode.Created);

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes("Total: 12.50 EUR"));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(part, "file", "invoice.txt");
        form.Add(new StringContent(template.GetProperty("data").Str("id")!), "templateId");
        form.Add(new StringContent("run\u0000one"), "runId");
        form.Add(new StringContent("true"), "async");
        Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync("/v1/extractions", form), HttpStatusCode.BadRequest), "VALIDATION_ERROR");

        await api.WithDbAsync(async db => Assert.Equal(0, await db.Blobs.CountAsync(b => b.OwnerSubject == "nul-uploader")));
    }

    [Fact]
    public async Task The_sweeper_removes_documents_that_belong_to_no_job()
    {
        await api.WithDbAsync(async db =>
        {
            db.Blobs.Add(new Blob { Key = "orphan/old", OwnerSubject = "x", ContentType = "text/plain", Content = [1], SizeBytes = 1, CreatedAt = DateTime.UtcNow.AddHours(-2) });
            db.Blobs.Add(new Blob { Key = "orphan/new", OwnerSubject = "x", ContentType = "text/plain", Content = [1], SizeBytes = 1, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ExpirySweeper>().SweepAsync(default);
        await api.WithDbAsync(async db =>
            Assert.Equal(["orphan/new"], await db.Blobs.Where(b => b.Key.StartsWith("orphan/")).Select(b => b.Key).ToListAsync()));
    }
}
