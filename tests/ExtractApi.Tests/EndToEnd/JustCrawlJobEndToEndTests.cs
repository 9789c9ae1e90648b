using System.Net;
using System.Text.Json;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.EndToEnd;

/// <summary>JustCrawl as documented: a job for a URL, its execution trace, the scraped HTML, and the URL's history.</summary>
public sealed class JustCrawlJobEndToEndTests(ExtractEndToEndTests.ExtractApiWithSite api) : IClassFixture<ExtractEndToEndTests.ExtractApiWithSite>
{
    private const string Org = "3c2b1a00-0000-4000-8000-000000000077";


    private static async Task<JsonElement> UntilFinishedAsync(HttpClient client, string id)
    {
        for (var i = 0; ; i++)
        {
            var job = await Json.ReadAsync(await client.GetAsync($"/api/v1/jobs/{id}"), HttpStatusCode.OK);
            if (job.Str("status") is "completed" or "failed" && job.GetProperty("trace").EnumerateArray().All(s => s.Str("outcome") != "pending")) return job;
            Assert.True(i < 600, $"job {id} never finished: {job}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_url_job_has_a_trace_its_html_and_a_url_history()
    {
        var client = api.ClientFor("jc_user", Org);
        var url = api.Site.Url("/product").ToString();
        var created = await Json.ReadAsync(await client.PostAsync("/api/v1/jobs", Json.Body(new { url })), HttpStatusCode.Created);
        Assert.Contains(created.Str("status"), new[] { "queued", "running" }); // the worker is woken at once
        Assert.Equal(url, created.Str("url"));
        Assert.Equal("page", created.Str("dataType"));
        created.IsNull("schemaId");
        var urlItemId = created.Str("urlItemId");
        Assert.True(Guid.TryParse(urlItemId, out _));

        var job = await UntilFinishedAsync(client, created.Str("id")!);
        Assert.Equal("completed", job.Str("status"));
        var trace = job.GetProperty("trace").EnumerateArray().ToList();
        Assert.Equal(["fetch", "convert", "extract", "index"], trace.Select(s => s.Str("step")));
        Assert.All(trace, s =>
        {
            Json.HasExactly(s, "step", "attempt", "outcome", "startedAt", "finishedAt", "latencyMs", "detail");
            Assert.Equal("succeeded", s.Str("outcome"));
            Assert.True(s.GetProperty("finishedAt").GetDateTime() >= s.GetProperty("startedAt").GetDateTime());
            Assert.True(s.GetProperty("latencyMs").GetInt32() >= 0);
        });
        Assert.Contains("HTTP 200", trace[0].Str("detail"), StringComparison.Ordinal);
        for (var i = 1; i < trace.Count; i++)
        {
            Assert.True(trace[i].GetProperty("startedAt").GetDateTime() >= trace[i - 1].GetProperty("startedAt").GetDateTime());
        }

        var html = await client.GetAsync($"/api/v1/jobs/{created.Str("id")}/result");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Kettle K-200</h1>", page, StringComparison.Ordinal);
        Assert.Contains("application/ld+json", page, StringComparison.Ordinal);

        // Schema-less: the row is what the page declares about itself.
        var row = await Json.ReadAsync(await client.GetAsync($"/api/v1/extraction/results/{created.Str("id")}"), HttpStatusCode.OK);
        Assert.Equal("page", row.Str("dataType"));
        Assert.False(string.IsNullOrEmpty(row.Str("rawBlobKey")));
        var normalized = row.GetProperty("normalized");
        Assert.Equal("Kettle K-200", normalized.Str("title"));
        Assert.Equal("en", normalized.Str("language"));
        Assert.Equal(url, normalized.Str("url"));
        Assert.Equal(["Kettle K-200"], normalized.GetProperty("headings").EnumerateArray().Select(h => h.GetString()));
        var product = Assert.Single(normalized.GetProperty("structuredData").EnumerateArray().ToList());
        Assert.Equal("Product", product.Str("@type"));
        Assert.Equal("K-200", product.Str("sku"));
        Assert.Equal(0.5, row.GetProperty("qualityCompleteness").GetDouble()); // title and language; no description or canonical

        // A second job for the same URL (a schema one this time) joins the same URL item's history.
        var second = await Json.ReadAsync(await client.PostAsync("/api/v1/jobs", Json.Body(new
        {
            url, schema = new { type = "object", properties = new { name = new { type = "string" }, sku = new { type = "string" } } },
        })), HttpStatusCode.Created);
        Assert.Equal(urlItemId, second.Str("urlItemId"));
        await UntilFinishedAsync(client, second.Str("id")!);
        var history = await Json.ReadAsync(await client.GetAsync($"/api/v1/extraction/urls/{urlItemId}/extractions"), HttpStatusCode.OK);
        Json.HasExactly(history, "items", "total", "url", "domain", "indexingPending");
        Assert.Equal(2, history.GetProperty("total").GetInt32());
        Assert.Equal(url, history.Str("url"));
        Assert.Equal("127.0.0.1", history.Str("domain"));
        Assert.Equal(0, history.GetProperty("indexingPending").GetInt32());
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([second.Str("id"), created.Str("id")], items.Select(i => i.Str("jobId")));
        Assert.Equal("K-200", items[0].GetProperty("normalized").Str("sku"));
        Assert.False(string.IsNullOrEmpty(items[0].Str("rawBlobKey")));
        var paged = await Json.ReadAsync(await client.GetAsync($"/api/v1/extraction/urls/{urlItemId}/extractions?page=2&pageSize=1"), HttpStatusCode.OK);
        Assert.Equal(created.Str("id"), Assert.Single(paged.GetProperty("items").EnumerateArray().ToList()).Str("jobId"));
        Assert.Equal(2, paged.GetProperty("total").GetInt32());

        // Another organisation does not see the URL item; another user of the organisation sees none of these rows.
        Json.IsJustCrawlError(await Json.ReadAsync(await api.ClientFor("jc_user", "other-org").GetAsync($"/api/v1/extraction/urls/{urlItemId}/extractions"),
            HttpStatusCode.NotFound));
        var colleague = await Json.ReadAsync(await api.ClientFor("jc_colleague", Org).GetAsync($"/api/v1/extraction/urls/{urlItemId}/extractions"), HttpStatusCode.OK);
        Assert.Equal(0, colleague.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_page_without_html_fails_with_its_trace_and_no_html_result()
    {
        var client = api.ClientFor("jc_user", Org);
        var created = await Json.ReadAsync(await client.PostAsync("/api/v1/jobs", Json.Body(new { url = api.Site.Url("/json").ToString() })), HttpStatusCode.Created);
        var job = await UntilFinishedAsync(client, created.Str("id")!);
        Assert.Equal("failed", job.Str("status"));
        Assert.Contains("not an HTML page", job.Str("error"), StringComparison.Ordinal);
        var trace = job.GetProperty("trace").EnumerateArray().ToList();
        Assert.Equal(["fetch", "convert", "extract"], trace.Select(s => s.Str("step")));
        Assert.Equal(["succeeded", "succeeded", "failed"], trace.Select(s => s.Str("outcome")));
        Json.IsJustCrawlError(await Json.ReadAsync(await client.GetAsync($"/api/v1/jobs/{created.Str("id")}/result"), HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("/api/v1/jobs/not-a-uuid/result", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/jobs/6a1d0c7e-0000-4000-8000-000000000001/result", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/extraction/urls/not-a-uuid/extractions", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/extraction/urls/6a1d0c7e-0000-4000-8000-000000000001/extractions", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/extraction/urls/6a1d0c7e-0000-4000-8000-000000000001/extractions?pageSize=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/extraction/urls/6a1d0c7e-0000-4000-8000-000000000001/extractions?pageSize=101", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/extraction/urls/6a1d0c7e-0000-4000-8000-000000000001/extractions?page=0", HttpStatusCode.BadRequest)]
    public async Task Bad_lookups_answer_in_justcrawl_shape(string path, HttpStatusCode status) =>
        Json.IsJustCrawlError(await Json.ReadAsync(await api.ClientFor("jc_user", Org).GetAsync(path), status));
}
