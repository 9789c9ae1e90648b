using System.Text.Json;
using ExtractApi.Work;

namespace ExtractApi.Tests.Work;

/// <summary>The stored extract request: its own JSON options, and the shape jobs already in the database were written in.</summary>
public sealed class ExtractJobRequestTests
{
    [Fact]
    public void Extract_requests_serialise_with_their_own_options_not_the_scrape_requests()
    {
        Assert.NotSame(ScrapeJobRequest.Json, ExtractJobRequest.Json);
    }

    [Fact]
    public void The_stored_shape_is_unchanged_and_reads_back_equal()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"title":{"type":"string"}}}""");
        var request = new ExtractJobRequest(["https://example.test/a"], schema.RootElement.Clone(), "the title", Rows: true, ShowSources: false,
            VerifyUrls: true, OnlyMainContent: true, new Dictionary<string, string> { ["X-Test"] = "1" }, 15000, "sch_1", "product",
            Guid.Parse("7b0c1a52-6d55-4c1e-9c1e-0f4f7c2b9a10"));

        var json = request.ToJson();

        Assert.Equal("""{"urls":["https://example.test/a"],"schema":{"type":"object","properties":{"title":{"type":"string"}}},"prompt":"the title","rows":true,"showSources":false,"verifyUrls":true,"onlyMainContent":true,"headers":{"X-Test":"1"},"timeoutMs":15000,"schemaId":"sch_1","dataType":"product","urlItemId":"7b0c1a52-6d55-4c1e-9c1e-0f4f7c2b9a10"}""", json);
        var back = ExtractJobRequest.FromJson(json);
        Assert.Equal(request.Urls, back.Urls);
        Assert.Equal(json, back.ToJson());
    }
}
