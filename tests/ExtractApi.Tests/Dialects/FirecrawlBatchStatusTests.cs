using System.Net;
using System.Text.Json;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Dialects;

public sealed class FirecrawlBatchStatusTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Metadata = """{"title":"Page","description":"About","language":"en","sourceURL":"https://example.com/a","url":"https://example.com/a","statusCode":200}""";

    private async Task<Job> SeedBatchAsync(JobStatus status, int pages, long contentBytes = 100, string owner = "alice", string org = "org-1")
    {
        var job = JobSeeds.Job(Dialect.Firecrawl, JobKind.BatchScrape, status, owner, org);
        job.Total = pages + 1;
        job.Completed = pages;
        job.CreditsUsed = pages;
        await api.WithDbAsync(async db =>
        {
            db.Jobs.Add(job);
            for (var i = 0; i < pages; i++)
            {
                db.JobPages.Add(new JobPage
                {
                    JobId = job.Id, Ordinal = i, Url = $"https://example.com/{i}", Status = PageStatus.Succeeded, StatusCode = 200,
                    Markdown = $"# Page {i}", Html = $"<h1>Page {i}</h1>", Links = ["https://example.com/other"],
                    Metadata = Metadata.Replace("/a\"", $"/{i}\""), ContentBytes = contentBytes, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                });
            }
            // A page that failed goes to /errors, not to data.
            db.JobPages.Add(new JobPage
            {
                JobId = job.Id, Ordinal = pages, Url = "https://unreachable.invalid/", Status = PageStatus.Failed,
                Error = "DNS lookup failed", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        return job;
    }

    [Fact]
    public async Task Documents_keep_their_text_as_it_is_only_json_escapes_are_written()
    {
        var job = await SeedBatchAsync(JobStatus.Processing, pages: 0);
        await api.WithDbAsync(async db =>
        {
            db.JobPages.Add(new JobPage
            {
                JobId = job.Id, Ordinal = 5, Url = "https://example.com/café", Status = PageStatus.Succeeded, StatusCode = 200,
                Markdown = "# Café «Zürich» 東京\n\nTabs\tand \"quotes\"", Html = "<p class=\"x\">Café &amp; 東京</p>",
                Metadata = """{"title":"Café <b>"}""", ContentBytes = 40, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        var response = await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("# Café «Zürich» 東京\\n\\nTabs\\tand \\\"quotes\\\"", text, StringComparison.Ordinal);
        Assert.Contains("<p class=\\\"x\\\">Café &amp; 東京</p>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", text, StringComparison.Ordinal);
        var document = JsonDocument.Parse(text).RootElement.GetProperty("data")[0];
        Assert.Equal("<p class=\"x\">Café &amp; 東京</p>", document.Str("html"));
        Assert.Equal("Café <b>", document.GetProperty("metadata").Str("title"));
    }

    [Theory]
    [InlineData(JobStatus.Pending, "scraping")]
    [InlineData(JobStatus.Processing, "scraping")]
    [InlineData(JobStatus.ExtractionDone, "scraping")]
    [InlineData(JobStatus.Completed, "completed")]
    [InlineData(JobStatus.Failed, "failed")]
    [InlineData(JobStatus.Cancelled, "cancelled")]
    public async Task Every_status_renders_in_the_firecrawl_shape(JobStatus status, string expected)
    {
        var job = await SeedBatchAsync(status, pages: 2);
        var body = await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}"), HttpStatusCode.OK);

        Json.HasExactly(body, "success", "status", "total", "completed", "creditsUsed", "expiresAt", "data");
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(expected, body.Str("status"));
        Assert.Equal(3, body.GetProperty("total").GetInt32());
        Assert.Equal(2, body.GetProperty("completed").GetInt32());
        Assert.Equal(2, body.GetProperty("creditsUsed").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", body.Str("expiresAt"));

        var documents = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, documents.Count);
        var first = documents[0];
        Json.HasExactly(first, "markdown", "html", "links", "metadata");
        Assert.Equal("# Page 0", first.Str("markdown"));
        Assert.Equal("<h1>Page 0</h1>", first.Str("html"));
        Assert.Equal(["https://example.com/other"], first.GetProperty("links").EnumerateArray().Select(l => l.GetString()));
        var metadata = first.GetProperty("metadata");
        Assert.Equal("https://example.com/0", metadata.Str("sourceURL"));
        Assert.Equal(JsonValueKind.Number, metadata.GetProperty("statusCode").ValueKind);
        Assert.Equal(200, metadata.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Crawl_alias_serves_batch_jobs()
    {
        var job = await SeedBatchAsync(JobStatus.Completed, pages: 1);
        var client = api.ClientFor("alice");
        var viaBatch = await (await client.GetAsync($"/v1/batch/scrape/{job.Id}")).Content.ReadAsStringAsync();
        var viaCrawl = await (await client.GetAsync($"/v1/crawl/{job.Id}")).Content.ReadAsStringAsync();
        Assert.Equal(viaBatch, viaCrawl);
    }

    [Fact]
    public async Task Next_links_pages_by_limit_and_is_omitted_on_the_last_page()
    {
        var job = await SeedBatchAsync(JobStatus.Completed, pages: 5);
        var client = api.ClientFor("alice");
        var seen = new List<string?>();
        string? url = $"/v1/batch/scrape/{job.Id}?limit=2";
        var requests = 0;
        while (url is not null)
        {
            var body = await Json.ReadAsync(await client.GetAsync(url), HttpStatusCode.OK);
            seen.AddRange(body.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("metadata").Str("sourceURL")));
            url = body.TryGetProperty("next", out var next) ? next.GetString() : null;
            if (url is not null)
            {
                Assert.StartsWith("http://localhost/v1/batch/scrape/", url); // absolute, as the SDK expects
            }
            Assert.True(++requests <= 3);
        }
        Assert.Equal(3, requests);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"https://example.com/{i}"), seen);
    }

    [Fact]
    public async Task Responses_are_cut_near_ten_megabytes()
    {
        var job = await SeedBatchAsync(JobStatus.Completed, pages: 4, contentBytes: 4 * 1024 * 1024);
        var client = api.ClientFor("alice");
        var first = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{job.Id}"), HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("data").GetArrayLength());
        Assert.EndsWith($"/v1/batch/scrape/{job.Id}?skip=2", first.Str("next"));
        var second = await Json.ReadAsync(await client.GetAsync(first.Str("next")), HttpStatusCode.OK);
        Assert.Equal(2, second.GetProperty("data").GetArrayLength());
        Assert.False(second.TryGetProperty("next", out _));
    }

    [Fact]
    public async Task Errors_endpoint_lists_failed_pages()
    {
        var job = await SeedBatchAsync(JobStatus.Completed, pages: 1);
        var body = await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}/errors"), HttpStatusCode.OK);
        Json.HasExactly(body, "errors", "robotsBlocked");
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray().ToList());
        Json.HasExactly(error, "id", "timestamp", "url", "error");
        Assert.Equal("https://unreachable.invalid/", error.Str("url"));
        Assert.Equal("DNS lookup failed", error.Str("error"));
    }

    [Fact]
    public async Task Other_tenants_and_unknown_ids_get_404_and_malformed_ids_400()
    {
        var job = await SeedBatchAsync(JobStatus.Completed, pages: 1, owner: "alice", org: "org-1");
        foreach (var (subject, org) in new[] { ("mallory", "org-1"), ("alice", "org-2"), ("mallory", "org-9") })
        {
            var response = await api.ClientFor(subject, org).GetAsync($"/v1/batch/scrape/{job.Id}");
            Json.IsFirecrawlError(await Json.ReadAsync(response, HttpStatusCode.NotFound));
        }
        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{Guid.NewGuid()}"), HttpStatusCode.NotFound));
        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync("/v1/batch/scrape/not-a-uuid"), HttpStatusCode.BadRequest));
        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}?limit=0"), HttpStatusCode.BadRequest));
        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}?skip=-1"), HttpStatusCode.BadRequest));
        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}?skip=abc"), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Expired_jobs_are_gone()
    {
        var job = await SeedBatchAsync(JobStatus.Completed, pages: 1);
        await api.WithDbAsync(async db =>
        {
            db.Jobs.Attach(job);
            job.ExpiresAt = DateTime.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        });
        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}"), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task An_extract_job_is_not_a_batch()
    {
        var job = JobSeeds.Job(Dialect.Firecrawl, JobKind.Extract, JobStatus.Completed);
        await api.WithDbAsync(async db => { db.Jobs.Add(job); await db.SaveChangesAsync(); });
        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}"), HttpStatusCode.NotFound));
    }
}
