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
}
