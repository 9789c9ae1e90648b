using System.Text.Json;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Sdk;

/// <summary>The official Firecrawl JS SDK (its default v2 client and .v1) against the real server process, over real HTTP.</summary>
public sealed class FirecrawlSdkTests : IAsyncLifetime
{
    private TestSite _site = null!;
    private CrawlSite _crawlSite = null!;
    private ServerProcess _server = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _crawlSite = await CrawlSite.StartAsync();
        var database = await TestPostgres.CreateDatabaseAsync("sdk");
        _server = ServerProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Jobs"] = database,
            ["Auth__SigningKey"] = ApiFactory.SigningKey,
            ["Scraping__AllowedPrivateEndpoints__0"] = $"127.0.0.1:{_site.Port}",
            ["Scraping__AllowedPrivateEndpoints__1"] = $"127.0.0.1:{_crawlSite.Port}",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__MinimumLevel__Override__ExtractApi"] = "Information",
            ["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), $"extractapi-sdk-{Guid.NewGuid():N}"),
        });
        var swagger = await _server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
        _baseUrl = swagger[..^"/swagger".Length];
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _site.DisposeAsync();
        await _crawlSite.DisposeAsync();
    }

    private static string Token(string subject) => ApiFactory.MintToken(subject, "org-1");

    [Fact]
    public async Task Batch_scrape_status_cancel_and_errors_through_the_sdk()
    {
        var urls = new[] { _site.Url("/pages/1").ToString(), _site.Url("/pages/2").ToString(), _site.Url("/missing").ToString() };
        // Pages that never answer within the fetch timeout (30 s): the batch to cancel cannot finish before the cancel
        // arrives (30 pages, 8 at a time, take two minutes to time out), however slow the machine.
        var slow = Enumerable.Range(0, 30).Select(i => _site.Url($"/slow?ms=600000&i={i}").ToString()).ToArray();
        var output = await NodeSdk.RunScriptAsync("firecrawl-batch.mjs", new Dictionary<string, string>
        {
            ["API_URL"] = _baseUrl,
            ["TOKEN"] = Token("sdk-user"),
            ["URLS"] = JsonSerializer.Serialize(urls),
            ["SLOW_URLS"] = JsonSerializer.Serialize(slow),
        }, TimeSpan.FromMinutes(3));
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;

        var blocking = root.GetProperty("blocking");
        Assert.True(blocking.GetProperty("success").GetBoolean(), output);
        Assert.Equal("completed", blocking.GetProperty("status").GetString());
        var docs = blocking.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(urls, docs.Select(d => d.GetProperty("metadata").GetProperty("sourceURL").GetString()));
        Assert.Contains("# Page 1", docs[0].GetProperty("markdown").GetString());
        Assert.Equal(404, docs[2].GetProperty("metadata").GetProperty("statusCode").GetInt32());
        Assert.All(docs[0].GetProperty("links").EnumerateArray(), l => Assert.StartsWith("http://", l.GetString()));

        Assert.True(root.GetProperty("started").GetProperty("success").GetBoolean());
        var checkedStatus = root.GetProperty("checked");
        Assert.Equal("completed", checkedStatus.GetProperty("status").GetString());
        Assert.Equal(3, checkedStatus.GetProperty("data").GetArrayLength());
        Assert.True(root.GetProperty("idempotent").GetBoolean());
        Assert.Contains("Status code: 404", root.GetProperty("unknown").GetString()); // the SDK words a 404 itself

        Assert.Equal("cancelled", root.GetProperty("cancelled").GetProperty("status").GetString());
        Assert.Equal("cancelled", root.GetProperty("afterCancel").GetString());
    }

    [Fact]
    public async Task Extract_async_extract_and_status_through_the_sdk()
    {
        var output = await NodeSdk.RunScriptAsync("firecrawl-extract.mjs", new Dictionary<string, string>
        {
            ["API_URL"] = _baseUrl,
            ["TOKEN"] = Token("sdk-extract"),
            ["URL"] = _site.Url("/product").ToString(),
        }, TimeSpan.FromMinutes(2));
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        var blocking = root.GetProperty("blocking");
        Assert.True(blocking.GetProperty("success").GetBoolean(), output);
        Assert.Equal("Kettle K-200", blocking.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal(39.9, blocking.GetProperty("data").GetProperty("price").GetDouble());
        Assert.Equal(JsonValueKind.Object, blocking.GetProperty("sources").ValueKind);

        Assert.True(root.GetProperty("started").GetProperty("success").GetBoolean());
        var status = root.GetProperty("status");
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal("K-200", status.GetProperty("data").GetProperty("sku").GetString());
        Assert.Contains("Extraction:Llm", root.GetProperty("promptOnly").GetString());
    }

    [Fact]
    public async Task Scrape_crawl_and_map_through_the_v2_and_v1_clients()
    {
        var output = await NodeSdk.RunScriptAsync("firecrawl-crawl.mjs", new Dictionary<string, string>
        {
            ["API_URL"] = _baseUrl,
            ["TOKEN"] = ApiFactory.MintToken("sdk-crawler", "org-1"),
            ["SITE"] = _crawlSite.BaseUrl.AbsoluteUri,
        }, TimeSpan.FromMinutes(3));
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        string Url(string path) => _crawlSite.Url(path).AbsoluteUri;

        var scrape = root.GetProperty("scrape");
        Assert.True(scrape.TryGetProperty("markdown", out var markdown), output);
        Assert.Contains("# Doc A", markdown.GetString());
        Assert.Equal(Url("/docs/a"), scrape.GetProperty("metadata").GetProperty("sourceURL").GetString());
        Assert.Contains(Url("/docs/b"), scrape.GetProperty("links").EnumerateArray().Select(l => l.GetString()));

        var crawl = root.GetProperty("crawl");
        Assert.Equal("completed", crawl.GetProperty("status").GetString());
        Assert.Equal(5, crawl.GetProperty("data").GetArrayLength());
        Assert.Equal(Url("/docs/"), crawl.GetProperty("data")[0].GetProperty("metadata").GetProperty("sourceURL").GetString());

        Assert.Equal("scraping", root.GetProperty("status").GetProperty("status").GetString());
        Assert.True(root.GetProperty("cancelled").GetBoolean(), output);
        Assert.Equal("cancelled", root.GetProperty("afterCancel").GetProperty("status").GetString());

        var map = root.GetProperty("map").GetProperty("links").EnumerateArray().Select(l => l.GetProperty("url").GetString()).ToList();
        Assert.Equal(Url("/"), map[0]);
        Assert.Contains(Url("/docs/orphan-2"), map);
        Assert.Contains(Url("/docs/"), map);

        var v1Scrape = root.GetProperty("v1Scrape");
        Assert.True(v1Scrape.GetProperty("success").GetBoolean(), output);
        Assert.Contains("Doc B", v1Scrape.GetProperty("html").GetString());
        var v1Crawl = root.GetProperty("v1Crawl");
        Assert.Equal("completed", v1Crawl.GetProperty("status").GetString());
        Assert.Equal([Url("/blog/"), Url("/blog/1"), Url("/blog/2")],
            v1Crawl.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("metadata").GetProperty("sourceURL").GetString()).Order());
        Assert.True(root.GetProperty("v1Started").GetProperty("success").GetBoolean());
        var v1Status = root.GetProperty("v1Status");
        Assert.Equal("completed", v1Status.GetProperty("status").GetString());
        Assert.Equal(3, v1Status.GetProperty("data").GetArrayLength());
        Assert.Equal([Url("/docs/orphan-1"), Url("/docs/orphan-2")], root.GetProperty("v1Map").GetProperty("links").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task The_v2_client_batch_scrapes_extracts_fills_json_caches_tracks_changes_and_parses()
    {
        var pdf = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = pdf.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        pdf.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Quarterly report for Acme", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 700), font);
        var pdfPath = Path.Combine(Path.GetTempPath(), $"extractapi-parse-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(pdfPath, pdf.Build());
        string output;
        try
        {
            output = await NodeSdk.RunScriptAsync("firecrawl-v2.mjs", new Dictionary<string, string>
            {
                ["API_URL"] = _baseUrl,
                ["TOKEN"] = Token("sdk-v2"),
                ["SITE"] = _site.BaseUrl.AbsoluteUri,
                ["PDF"] = pdfPath,
            }, TimeSpan.FromMinutes(4));
        }
        finally
        {
            File.Delete(pdfPath);
        }
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        string Url(string path) => _site.Url(path).AbsoluteUri;

        // batchScrape: three documents in order, json filled from the product page's structured data.
        var batch = root.GetProperty("batch");
        Assert.True(batch.TryGetProperty("status", out var batchStatus), output);
        Assert.Equal("completed", batchStatus.GetString());
        var docs = batch.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([Url("/pages/1"), Url("/product"), Url("/missing")], docs.Select(d => d.GetProperty("metadata").GetProperty("sourceURL").GetString()));
        Assert.Equal("Kettle K-200", docs[1].GetProperty("json").GetProperty("name").GetString());
        Assert.Equal(39.9, docs[1].GetProperty("json").GetProperty("price").GetDouble());
        Assert.Contains("# Page 1", docs[0].GetProperty("markdown").GetString());
        Assert.Equal("miss", docs[1].GetProperty("metadata").GetProperty("cacheState").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("batchErrors").GetProperty("errors").ValueKind);
        Assert.True(root.GetProperty("started").TryGetProperty("id", out _), output);
        Assert.True(root.GetProperty("cancelled").GetBoolean(), output);

        // extract: completed with the schema's fields; a key v2 refuses is a 400 in the v2 error shape (code).
        var extract = root.GetProperty("extract");
        Assert.Equal("completed", extract.GetProperty("status").GetString());
        Assert.Equal("K-200", extract.GetProperty("data").GetProperty("sku").GetString());
        var refused = root.GetProperty("extractUnknownKey");
        Assert.Equal(400, refused.GetProperty("status").GetInt32());
        Assert.Equal("VALIDATION_ERROR", refused.GetProperty("code").GetString());
        Assert.Contains("enableWebSearch", refused.GetProperty("thrown").GetString());

        // scrape with {type:"json", schema}; summary needs a model: a 400 saying so. A screenshot object is rendered in
        // Chromium and answered as a link to the stored image.
        var scrapeJson = root.GetProperty("scrapeJson");
        Assert.Equal("Kettle K-200", scrapeJson.GetProperty("json").GetProperty("name").GetString());
        Assert.Contains("Kettle K-200", scrapeJson.GetProperty("markdown").GetString());
        Assert.Equal(400, root.GetProperty("summary").GetProperty("status").GetInt32());
        Assert.Contains("Extraction:Llm", root.GetProperty("summary").GetProperty("thrown").GetString());
        Assert.Contains("/v1/screenshots/", root.GetProperty("screenshot").GetProperty("screenshot").GetString());
        Assert.Equal("browser", root.GetProperty("screenshot").GetProperty("metadata").GetProperty("engine").GetString());

        // The cache: the second scrape is a hit with the first fetch's time; maxAge 0 fetches again.
        Assert.Equal("miss", root.GetProperty("cacheFirst").GetProperty("metadata").GetProperty("cacheState").GetString());
        var second = root.GetProperty("cacheSecond");
        Assert.Equal("hit", second.GetProperty("metadata").GetProperty("cacheState").GetString());
        Assert.True(second.GetProperty("metadata").TryGetProperty("cachedAt", out _));
        Assert.Contains("page 3", second.GetProperty("html").GetString());
        Assert.Equal("miss", root.GetProperty("cacheBypassed").GetProperty("metadata").GetProperty("cacheState").GetString());
        Assert.Equal(2, _site.Hits("/pages/3"));

        // Change tracking: new, same, changed (the price line in the diff, the price field in the json diff), removed.
        JsonElement Tracking(string name) => root.GetProperty(name).GetProperty("changeTracking");
        Assert.Equal("new", Tracking("trackNew").GetProperty("changeStatus").GetString());
        Assert.Equal(JsonValueKind.Null, Tracking("trackNew").GetProperty("previousScrapeAt").ValueKind);
        Assert.Equal("same", Tracking("trackSame").GetProperty("changeStatus").GetString());
        Assert.Equal("visible", Tracking("trackSame").GetProperty("visibility").GetString());
        Assert.Equal(JsonValueKind.String, Tracking("trackSame").GetProperty("previousScrapeAt").ValueKind);
        var changed = Tracking("trackChanged");
        Assert.Equal("changed", changed.GetProperty("changeStatus").GetString());
        var diff = changed.GetProperty("diff").GetProperty("text").GetString()!;
        Assert.Contains("-Price: 10.00 EUR", diff);
        Assert.Contains("+Price: 12.50 EUR", diff);
        Assert.Contains("@@", diff);
        var price = changed.GetProperty("json").GetProperty("price");
        Assert.Equal(10.0, price.GetProperty("previous").GetDouble());
        Assert.Equal(12.5, price.GetProperty("current").GetDouble());
        Assert.Equal("removed", Tracking("trackRemoved").GetProperty("changeStatus").GetString());

        // The v1 client: formats ["json"] with jsonOptions fills data.json.
        var v1Json = root.GetProperty("v1Json");
        Assert.True(v1Json.GetProperty("success").GetBoolean(), output);
        Assert.Equal("K-200", v1Json.GetProperty("json").GetProperty("sku").GetString());
        var v1Extract = root.GetProperty("v1Extract");
        Assert.Equal("Kettle K-200", v1Extract.GetProperty("extract").GetProperty("name").GetString());
        Assert.False(v1Extract.TryGetProperty("json", out _));
        var crawled = Assert.Single(root.GetProperty("crawlJson").GetProperty("data").EnumerateArray());
        Assert.Equal(39.9, crawled.GetProperty("json").GetProperty("price").GetDouble());

        // parse: the PDF's text; with parsers [] the PDF is not read; an HTML file's json from the extractor; unknown options 400.
        Assert.Contains("Quarterly report for Acme", root.GetProperty("parsePdf").GetProperty("markdown").GetString());
        Assert.Equal("report.pdf", root.GetProperty("parsePdf").GetProperty("metadata").GetProperty("sourceURL").GetString());
        Assert.DoesNotContain("Quarterly", root.GetProperty("parseNoPdf").GetProperty("markdown").GetString());
        var parsedHtml = root.GetProperty("parseHtml");
        Assert.Contains("# Kettle K-200", parsedHtml.GetProperty("markdown").GetString());
        Assert.Equal(39.9, parsedHtml.GetProperty("json").GetProperty("price").GetDouble());
        Assert.Equal(400, root.GetProperty("parseBadOption").GetProperty("status").GetInt32());
        Assert.Contains("options.onlyMainContnt", root.GetProperty("parseBadOption").GetProperty("thrown").GetString());

        // Account endpoints: this organisation's pages so far are credits used; the queue is empty and has a recent success.
        var credits = root.GetProperty("credits");
        Assert.True(credits.GetProperty("remainingCredits").GetInt64() > 0, output);
        Assert.True(credits.TryGetProperty("billingPeriodStart", out _));
        var used = await CreditsUsedAsync("org-1");
        Assert.True(used >= 12, $"only {used} credits counted");
        Assert.Equal(0, root.GetProperty("tokens").GetProperty("remainingTokens").GetInt32());
        var queue = root.GetProperty("queue");
        Assert.True(queue.GetProperty("success").GetBoolean(), output);
        Assert.Equal(queue.GetProperty("activeJobsInQueue").GetInt32() + queue.GetProperty("waitingJobsInQueue").GetInt32(),
            queue.GetProperty("jobsInQueue").GetInt32());
        Assert.Equal(16, queue.GetProperty("maxConcurrency").GetInt32());
        Assert.Equal(JsonValueKind.String, queue.GetProperty("mostRecentSuccess").ValueKind);
        Assert.Equal(16, root.GetProperty("concurrency").GetProperty("maxConcurrency").GetInt32());
        Assert.True(root.GetProperty("concurrency").GetProperty("concurrency").GetInt32() >= 0);
        Assert.True(root.GetProperty("v1Credits").GetProperty("data").GetProperty("remaining_credits").GetInt64() > 0, output);
        Assert.True(root.GetProperty("v1Queue").GetProperty("success").GetBoolean(), output);
    }

    /// <summary>The credits the server reports now (after the script's scrapes), read over HTTP like a client would.</summary>
    private async Task<long> CreditsUsedAsync(string organisation)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiFactory.MintToken("another-user", organisation));
        using var answer = JsonDocument.Parse(await http.GetStringAsync($"{_baseUrl}/v2/team/credit-usage"));
        return answer.RootElement.GetProperty("data").GetProperty("creditsUsed").GetInt64();
    }
}
