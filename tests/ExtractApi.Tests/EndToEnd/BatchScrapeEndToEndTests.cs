using System.Net;
using System.Text;
using System.Text.Json;
using ExtractApi.Tests.Infrastructure;
using ExtractApi.Work;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.EndToEnd;

/// <summary>Batch scrapes through the public API, with the worker running in the server and a real local site.</summary>
public sealed class BatchScrapeEndToEndTests(BatchScrapeEndToEndTests.ScrapingApi api) : IClassFixture<BatchScrapeEndToEndTests.ScrapingApi>
{
    public sealed class ScrapingApi : SiteApiFactory
    {
        public TestSite Forbidden { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            Forbidden = await TestSite.StartAsync();
            await base.InitializeAsync();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Scraping:MaxBodyBytes", "4000000");
            builder.UseSetting("Scraping:PagesInParallel", "4");
            builder.UseSetting("Webhooks:SigningSecret", "webhook-test-secret");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await Forbidden.DisposeAsync();
        }
    }


    private async Task<JsonElement> WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK);
            if (done(status)) return status;
            Assert.True(DateTime.UtcNow < deadline, $"Batch {id} did not get there: {status}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_batch_is_really_fetched_converted_and_polled()
    {
        var pdf = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = pdf.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        pdf.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Quarterly report for Acme", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
        TestSite.PdfBytes = pdf.Build();
        api.Site.RedirectTarget = api.Forbidden.Url("/pages/1");
        var site = api.Site;
        string[] urls =
        [
            site.Url("/pages/1").ToString(), site.Url("/pages/2").ToString(), site.Url("/missing").ToString(),
            site.Url("/redirect/2").ToString(), site.Url("/to-elsewhere").ToString(), site.Url("/text").ToString(),
            site.Url("/gzip").ToString(), site.Url("/doc.pdf").ToString(),
        ];
        var client = api.ClientFor("alice");
        var created = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape",
            Json.Body(new { urls, formats = new[] { "markdown", "html", "rawHtml", "links" }, webhook = new { url = site.Url("/hooks").ToString(), metadata = new { run = 7 } } })), HttpStatusCode.OK);
        var id = created.Str("id")!;
        var status = await WaitForAsync(client, id, s => s.Str("status") == "completed");

        Assert.Equal(8, status.GetProperty("total").GetInt32());
        var docs = status.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(7, docs.Count); // the refused redirect is an error, not a document
        Assert.Equal(7, status.GetProperty("completed").GetInt32());
        Assert.Equal(7, status.GetProperty("creditsUsed").GetInt32());
        Assert.Equal(urls.Where(u => !u.EndsWith("/to-elsewhere", StringComparison.Ordinal)), docs.Select(d => d.GetProperty("metadata").Str("sourceURL")));

        var page1 = docs[0];
        Json.HasExactly(page1, "markdown", "html", "rawHtml", "links", "metadata");
        Assert.Contains("# Page 1", page1.Str("markdown"));
        Assert.Contains("**page 1**", page1.Str("markdown"));
        Assert.DoesNotContain("tracking", page1.Str("markdown"));
        Assert.DoesNotContain("<script", page1.Str("html"));
        Assert.Contains("<script>var tracking", page1.Str("rawHtml"));
        var links = page1.GetProperty("links").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Contains(site.Url("/pages/2").ToString(), links);
        Assert.All(links, l => Assert.StartsWith("http://127.0.0.1:", l));
        var metadata = page1.GetProperty("metadata");
        Assert.Equal("Page 1", metadata.Str("title"));
        Assert.Equal("Description of page 1", metadata.Str("description"));
        Assert.Equal("en", metadata.Str("language"));
        Assert.Equal(200, metadata.GetProperty("statusCode").GetInt32());

        Assert.Equal(404, docs[2].GetProperty("metadata").GetProperty("statusCode").GetInt32());
        Assert.Equal(site.Url("/pages/1").ToString(), docs[3].GetProperty("metadata").Str("url"));
        Assert.Contains("plain words", docs[4].Str("markdown"));
        Assert.Contains("# Page 7", docs[5].Str("markdown"));
        Assert.Contains("Quarterly report for Acme", docs[6].Str("markdown"));
        Assert.Equal("application/pdf", docs[6].GetProperty("metadata").Str("contentType"));

        var errors = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}/errors"), HttpStatusCode.OK);
        var refused = Assert.Single(errors.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal(site.Url("/to-elsewhere").ToString(), refused.Str("url"));
        Assert.StartsWith("Refused to connect", refused.Str("error"));
        Assert.Equal(0, api.Forbidden.Hits("/pages/1"));

        // Webhooks: started, one per page, completed; each signed over its exact body.
        List<(string Body, string? Signature)> hooks;
        lock (site.Hooks) hooks = site.Hooks.Where(h => h.Body.Contains(id, StringComparison.Ordinal)).ToList();
        var types = hooks.Select(h => JsonDocument.Parse(h.Body).RootElement.Str("type")).ToList();
        Assert.Equal("batch_scrape.started", types.First());
        Assert.Equal("batch_scrape.completed", types.Last());
        Assert.Equal(7, types.Count(t => t == "batch_scrape.page"));
        foreach (var (body, signature) in hooks)
        {
            Assert.Equal(WebhookSender.Sign(Encoding.UTF8.GetBytes("webhook-test-secret"), Encoding.UTF8.GetBytes(body)), signature);
            Assert.Equal(7, JsonDocument.Parse(body).RootElement.GetProperty("metadata").GetProperty("run").GetInt32());
        }
    }

    [Fact]
    public async Task Documents_appear_while_the_batch_is_still_scraping()
    {
        var client = api.ClientFor("alice");
        var urls = new[] { api.Site.Url("/pages/10").ToString(), api.Site.Url("/slow?ms=3000").ToString() };
        var created = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape", Json.Body(new { urls })), HttpStatusCode.OK);
        var partial = await WaitForAsync(client, created.Str("id")!, s => s.GetProperty("data").GetArrayLength() == 1);
        Assert.Equal("scraping", partial.Str("status"));
        var done = await WaitForAsync(client, created.Str("id")!, s => s.Str("status") == "completed");
        Assert.Equal(2, done.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Cancel_mid_batch_stops_it()
    {
        var client = api.ClientFor("alice");
        var urls = Enumerable.Range(0, 24).Select(i => api.Site.Url($"/slow?ms=400&i={i}").ToString()).ToArray();
        var created = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape", Json.Body(new { urls })), HttpStatusCode.OK);
        var id = created.Str("id")!;
        await WaitForAsync(client, id, s => s.GetProperty("data").GetArrayLength() > 0);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/v1/batch/scrape/{id}")).StatusCode);
        await Task.Delay(1500);
        var final = await WaitForAsync(client, id, s => s.Str("status") == "cancelled");
        var count = final.GetProperty("data").GetArrayLength();
        Assert.InRange(count, 1, 23);
        await Task.Delay(1000);
        Assert.Equal(count, (await WaitForAsync(client, id, _ => true)).GetProperty("data").GetArrayLength());
        Json.IsFirecrawlError(await Json.ReadAsync(await client.DeleteAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_batch_whose_data_passes_ten_megabytes_is_paged_with_next()
    {
        var client = api.ClientFor("alice");
        var urls = Enumerable.Range(1, 4).Select(i => api.Site.Url($"/big/{i}").ToString()).ToArray();
        var created = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape", Json.Body(new { urls, formats = new[] { "markdown", "html" } })), HttpStatusCode.OK);
        var first = await WaitForAsync(client, created.Str("id")!, s => s.Str("status") == "completed");
        var seen = first.GetProperty("data").GetArrayLength();
        Assert.InRange(seen, 1, 3);
        var next = first.Str("next")!;
        var pages = 1;
        while (next is not null)
        {
            var page = await Json.ReadAsync(await client.GetAsync(next), HttpStatusCode.OK);
            seen += page.GetProperty("data").GetArrayLength();
            next = page.TryGetProperty("next", out var n) ? n.GetString()! : null;
            Assert.True(++pages < 5);
        }
        Assert.Equal(4, seen);
    }
}
