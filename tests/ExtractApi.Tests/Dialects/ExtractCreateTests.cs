using System.Net;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Dialects;

public sealed class ExtractCreateTests(ApiFactory api) : IClassFixture<ApiFactory>
{

    [Fact]
    public async Task Firecrawl_extract_answers_200_with_the_id_and_polls_as_processing()
    {
        var client = api.ClientFor("alice");
        var created = await Json.ReadAsync(await client.PostAsync("/v1/extract", Json.Body("""
            {"urls":["https://shop.example.com/p/1"],"schema":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}}},
             "showSources":true,"origin":"api-sdk"}
            """)), HttpStatusCode.OK);
        Json.HasExactly(created, "success", "id", "url");
        var status = await Json.ReadAsync(await client.GetAsync($"/v1/extract/{created.Str("id")}"), HttpStatusCode.OK);
        Assert.Equal("processing", status.Str("status"));
        status.IsNull("data");
    }

    [Fact]
    public async Task Linkup_extract_answers_with_the_pending_task()
    {
        var client = api.ClientFor("alice", userAgent: "Linkup-JS-SDK/2.1.1");
        var task = await Json.ReadAsync(await client.PostAsync("/v1/extract", Json.Body("""
            {"q":"All engineering team members","url":"https://example.com/team","schema":{"type":"object","properties":{"name":{"type":"string"}}},"verifyUrls":true}
            """)), HttpStatusCode.OK);
        Json.HasExactly(task, "id", "type", "status", "input", "output", "error", "createdAt", "updatedAt");
        Assert.Equal("pending", task.Str("status"));
        Assert.Equal("extract", task.Str("type"));
        Assert.Equal("All engineering team members", task.GetProperty("input").Str("q"));
        Assert.Equal("https://example.com/team", task.GetProperty("input").Str("url"));
        Assert.True(task.GetProperty("input").GetProperty("verifyUrls").GetBoolean());
        task.IsNull("output");
        var polled = await Json.ReadAsync(await client.GetAsync($"/v1/extract/{task.Str("id")}"), HttpStatusCode.OK);
        Assert.Equal(task.Str("id"), polled.Str("id"));
    }

    [Theory]
    [InlineData("""{"urls":["https://e.com"]}""", "schema")]
    [InlineData("""{"urls":[],"prompt":"x"}""", "urls")]
    [InlineData("""{"urls":["https://e.com/*"],"prompt":"x"}""", "urls[0]")]
    [InlineData("""{"urls":["mailto:a@b.c"],"prompt":"x"}""", "urls[0]")]
    [InlineData("""{"urls":["https://e.com"],"schema":"object"}""", "schema")]
    [InlineData("""{"urls":["https://e.com"],"schema":{"type":"thing"}}""", "schema.type")]
    [InlineData("""{"urls":["https://e.com"],"schema":{"type":"object","properties":{"price":{"type":"money"}}}}""", "schema.properties.price.type")]
    [InlineData("""{"urls":["https://e.com"],"schema":{"type":"object","properties":{"tags":{"type":"array","items":{"type":"strin"}}}}}""", "schema.properties.tags.items.type")]
    [InlineData("""{"urls":["https://e.com"],"schema":{"type":"object","properties":[]}}""", "schema.properties")]
    [InlineData("""{"urls":["https://e.com"],"schema":{"type":"object","required":"name"}}""", "schema.required")]
    [InlineData("""{"urls":["https://e.com"],"prompt":"x","scrapeOptions":{"timeout":"1"}}""", "scrapeOptions.timeout")]
    public async Task Bad_firecrawl_extracts_get_400_naming_the_path(string json, string named)
    {
        var body = await Json.ReadAsync(await api.ClientFor("alice").PostAsync("/v1/extract", Json.Body(json)), HttpStatusCode.BadRequest);
        Json.IsFirecrawlError(body);
        Assert.Contains(named, body.Str("error"));
    }

    [Theory]
    [InlineData("""{"url":"https://e.com"}""", "q")]
    [InlineData("""{"q":"rows"}""", "url")]
    [InlineData("""{"q":"rows","url":"not a url"}""", "url")]
    [InlineData("""{"q":"rows","url":"https://e.com","verifyUrls":"yes"}""", "verifyUrls")]
    [InlineData("""{"q":"rows","url":"https://e.com","schema":{"type":"object","properties":{"a":{"type":"bogus"}}}}""", "schema.properties.a.type")]
    public async Task Bad_linkup_extracts_get_400_in_linkup_shape(string json, string field)
    {
        var response = await api.ClientFor("alice", userAgent: "Linkup-JS-SDK/2.1.1").PostAsync("/v1/extract", Json.Body(json));
        var body = await Json.ReadAsync(response, HttpStatusCode.BadRequest);
        Json.IsLinkupError(body, 400, "VALIDATION_ERROR");
        Assert.Contains(body.GetProperty("error").GetProperty("details").EnumerateArray(), d => d.Str("field") == field);
    }
}
