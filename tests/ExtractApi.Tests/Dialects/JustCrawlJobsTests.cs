using System.Net;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Dialects;

public sealed class JustCrawlJobsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Org = "6a1d0c7e-0000-4000-8000-0000000000aa";

    [Fact]
    public async Task Schemas_are_shared_within_the_organisation_and_hidden_from_others()
    {
        var alice = api.ClientFor("alice", Org);
        var created = await Json.ReadAsync(await alice.PostAsync("/api/v1/schemas", Json.Body("""
            {"name":"product-v1","dataType":"product","schema":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}}}}
            """)), HttpStatusCode.Created);
        Json.HasExactly(created, "id", "orgId", "name", "dataType", "schema", "createdAt", "updatedAt");
        var id = created.Str("id");
        Assert.Equal(Org, created.Str("orgId"));

        var bob = api.ClientFor("bob", Org);
        Assert.Equal("product-v1", (await Json.ReadAsync(await bob.GetAsync($"/api/v1/schemas/{id}"), HttpStatusCode.OK)).Str("name"));
        Json.IsJustCrawlError(await Json.ReadAsync(await api.ClientFor("eve", "other-org").GetAsync($"/api/v1/schemas/{id}"), HttpStatusCode.NotFound));
        Json.IsJustCrawlError(await Json.ReadAsync(await alice.PostAsync("/api/v1/schemas", Json.Body("""{"name":"product-v1","schema":{"type":"object","properties":{"a":{"type":"string"}}}}""")), HttpStatusCode.Conflict));

        var updated = await Json.ReadAsync(await bob.PutAsync($"/api/v1/schemas/{id}", Json.Body("""{"name":"product-v2","schema":{"type":"object","properties":{"sku":{"type":"string"}}}}""")), HttpStatusCode.OK);
        Assert.Equal("product-v2", updated.Str("name"));
        Assert.Equal("product", updated.Str("dataType"));
        var list = await Json.ReadAsync(await alice.GetAsync("/api/v1/schemas"), HttpStatusCode.OK);
        Json.HasExactly(list, "items", "total");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), s => s.Str("id") == id);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/v1/schemas/{id}")).StatusCode);
        Json.IsJustCrawlError(await Json.ReadAsync(await alice.GetAsync($"/api/v1/schemas/{id}"), HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("""{"schema":{"type":"object"}}""", "name")]
    [InlineData("""{"name":"x"}""", "schema")]
    [InlineData("""{"name":"x","schema":{"type":"object","properties":{"a":{"type":"nope"}}}}""", "schema.properties.a.type")]
    public async Task Bad_schemas_get_400_naming_the_path(string json, string named)
    {
        var body = await Json.ReadAsync(await api.ClientFor("alice", Org).PostAsync("/api/v1/schemas", Json.Body(json)), HttpStatusCode.BadRequest);
        Json.IsJustCrawlError(body);
        Assert.Contains(named, body.Str("error"));
    }

    [Fact]
    public async Task A_job_with_a_stored_schema_is_queued_and_its_result_is_202_until_it_lands()
    {
        var alice = api.ClientFor("alice", Org);
        var schema = await Json.ReadAsync(await alice.PostAsync("/api/v1/schemas", Json.Body("""{"name":"article","dataType":"article","schema":{"type":"object","properties":{"headline":{"type":"string"}}}}""")), HttpStatusCode.Created);
        var job = await Json.ReadAsync(await alice.PostAsync("/api/v1/jobs", Json.Body($$"""{"url":"https://news.example.com/a","schemaId":"{{schema.Str("id")}}"}""")), HttpStatusCode.Created);
        Json.HasExactly(job, "id", "status", "url", "urlItemId", "schemaId", "dataType", "error", "createdAt", "updatedAt", "trace");
        Assert.Empty(job.GetProperty("trace").EnumerateArray());
        Assert.Equal("queued", job.Str("status"));
        Assert.Equal("article", job.Str("dataType"));
        Assert.Equal(job.Str("status"), (await Json.ReadAsync(await alice.GetAsync($"/api/v1/jobs/{job.Str("id")}"), HttpStatusCode.OK)).Str("status"));
        var result = await alice.GetAsync($"/api/v1/extraction/results/{job.Str("id")}");
        Assert.Equal(HttpStatusCode.Accepted, result.StatusCode);
        Assert.NotNull(result.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("""{"schemaId":"6a1d0c7e-0000-4000-8000-000000000001"}""", HttpStatusCode.BadRequest, "url")]
    [InlineData("""{"url":"ftp://e.com/x"}""", HttpStatusCode.BadRequest, "url")]
    [InlineData("""{"url":"https://e.com","schema":"product"}""", HttpStatusCode.BadRequest, "schema")]
    [InlineData("""{"url":42}""", HttpStatusCode.BadRequest, "url")]
    [InlineData("""["https://e.com"]""", HttpStatusCode.BadRequest, "body")]
    [InlineData("""{"url":""", HttpStatusCode.BadRequest, "JSON")]
    [InlineData("""{"url":"https://e.com","schemaId":"abc"}""", HttpStatusCode.BadRequest, "schemaId")]
    [InlineData("""{"url":"https://e.com","schemaId":"6a1d0c7e-0000-4000-8000-000000000001"}""", HttpStatusCode.NotFound, "Schema")]
    [InlineData("""{"url":"https://e.com","schema":{"type":"object","properties":{"x":{"type":"wat"}}}}""", HttpStatusCode.BadRequest, "schema.properties.x.type")]
    public async Task Bad_jobs_are_refused(string json, HttpStatusCode status, string named)
    {
        var body = await Json.ReadAsync(await api.ClientFor("alice", Org).PostAsync("/api/v1/jobs", Json.Body(json)), status);
        Json.IsJustCrawlError(body);
        Assert.Contains(named, body.Str("error"));
    }
}
