using System.Net;
using System.Text.Json;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.EndToEnd;

/// <summary>Firecrawl's scrape, crawl and map routes (v1 and v2) through HTTP, against a local site the test starts.</summary>
public sealed class CrawlScrapeMapApiTests(CrawlSiteApiFactory api) : IClassFixture<CrawlSiteApiFactory>
{
    private CrawlSite Site => api.Site;


    private static async Task<string> StartAsync(HttpClient client, string version, object body)
    {
        var created = await Json.ReadAsync(await client.PostAsync($"/{version}/crawl", Json.Body(body)), HttpStatusCode.OK);
        Json.HasExactly(created, "success", "id", "url");
        Assert.EndsWith($"/{version}/crawl/{created.Str("id")}", created.Str("url"));
        return created.Str("id")!;
    }

    private static Task<JsonElement> WaitAsync(HttpClient client, string version, string id) =>
        Json.WaitForAsync(client, $"/{version}/crawl/{id}", s => s.Str("status") is "completed" or "failed" or "cancelled", TimeSpan.FromSeconds(60));

    private static List<string> Paths(JsonElement status) =>
        status.GetProperty("data").EnumerateArray().Select(d => new Uri(d.GetProperty("metadata").Str("sourceURL")!).PathAndQuery).ToList();

    [Fact]
    public async Task A_v2_crawl_follows_links_and_sitemaps_obeys_robots_and_lists_what_it_was_kept_from()
    {
        var client = api.ClientFor("alice");
        // maxAge 0: every page is fetched (v2's default would serve pages other tests of this class scraped from the cache).
        var id = await StartAsync(client, "v2", new { url = Site.Url("/").AbsoluteUri, limit = 100, origin = "js-sdk@4.42.0", scrapeOptions = new { maxAge = 0 } });
        var status = await WaitAsync(client, "v2", id);

        Assert.Equal("completed", status.Str("status"));
        Json.HasExactly(status, "success", "status", "total", "completed", "creditsUsed", "expiresAt", "data");
        var paths = Paths(status);
        Assert.Equal(20, paths.Count);
        Assert.Equal(20, status.GetProperty("total").GetInt32());
        Assert.Equal(20, status.GetProperty("completed").GetInt32());
        Assert.Contains("/docs/orphan-2", paths); // from the gzipped sitemap behind the sitemap index
        Assert.Contains("/throttled", paths);     // after its 429's Retry-After
        Assert.DoesNotContain("/private/secret", paths);
        var moved = status.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("metadata").Str("sourceURL")!.EndsWith("/old", StringComparison.Ordinal));
        Assert.EndsWith("/docs/moved", moved.GetProperty("metadata").Str("url"));
        var metadata = status.GetProperty("data")[0].GetProperty("metadata");
        Assert.Equal(200, metadata.GetProperty("statusCode").GetInt32());
        Assert.Equal(1, metadata.GetProperty("creditsUsed").GetInt32());
        Assert.Equal("miss", metadata.Str("cacheState"));
        Assert.True(Guid.TryParse(metadata.Str("scrapeId"), out _));

        var errors = await Json.ReadAsync(await client.GetAsync($"/v2/crawl/{id}/errors"), HttpStatusCode.OK);
        Json.HasExactly(errors, "errors", "robotsBlocked");
        Assert.Equal([Site.Url("/private/secret").AbsoluteUri], errors.GetProperty("robotsBlocked").EnumerateArray().Select(u => u.GetString()));
        // Another tenant sees nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor("mallory").GetAsync($"/v2/crawl/{id}")).StatusCode);
    }

    [Fact]
    public async Task Options_change_what_is_crawled_in_both_versions()
    {
        var client = api.ClientFor("alice");
        async Task<List<string>> CrawlAsync(string version, object body) => Paths(await WaitAsync(client, version, await StartAsync(client, version, body)));
        var root = Site.Url("/").AbsoluteUri;

        // limit, held exactly (v1: the SDK's crawlUrl sends these names).
        Assert.Equal(7, (await CrawlAsync("v1", new { url = Site.Url("/many/0").AbsoluteUri, limit = 7, allowBackwardLinks = true, ignoreSitemap = true })).Count);
        // includePaths / excludePaths on the path; regexOnFullURL on the whole URL.
        Assert.Equal(["/docs/", "/docs/deep/1", "/docs/deep/2"], (await CrawlAsync("v2", new
        {
            url = Site.Url("/docs/").AbsoluteUri, sitemap = "skip", includePaths = new[] { "^/docs/deep/" }, excludePaths = new[] { "deep/[3-9]" },
        })).Order());
        Assert.Equal(["/docs/a"], await CrawlAsync("v2", new
        {
            url = Site.Url("/docs/a").AbsoluteUri, sitemap = "skip", crawlEntireDomain = true, includePaths = new[] { "^/docs/b" }, regexOnFullURL = true,
        }));
        // crawlEntireDomain (v2) / allowBackwardLinks (v1) reach above the start path.
        Assert.Equal(["/docs/a"], await CrawlAsync("v2", new { url = Site.Url("/docs/a").AbsoluteUri, sitemap = "skip" }));
        Assert.Contains("/", await CrawlAsync("v1", new { url = Site.Url("/docs/a").AbsoluteUri, ignoreSitemap = true, allowBackwardLinks = true, maxDiscoveryDepth = 1 }));
        // maxDiscoveryDepth (hops) and v1 maxDepth (path segments below the start).
        Assert.Equal(["/docs/", "/docs/a", "/docs/b", "/docs/deep/1"], (await CrawlAsync("v2", new { url = Site.Url("/docs/").AbsoluteUri, sitemap = "skip", maxDiscoveryDepth = 1 })).Order());
        Assert.DoesNotContain("/docs/deep/1", await CrawlAsync("v1", new { url = Site.Url("/docs/").AbsoluteUri, ignoreSitemap = true, maxDepth = 1 }));
        // ignoreQueryParameters: the two ?ref= variants are one page.
        Assert.Equal(2, (await CrawlAsync("v2", new { url = root, sitemap = "skip", maxDiscoveryDepth = 1 })).Count(p => p.StartsWith("/docs/a", StringComparison.Ordinal)));
        Assert.Equal(1, (await CrawlAsync("v2", new { url = root, sitemap = "skip", maxDiscoveryDepth = 1, ignoreQueryParameters = true })).Count(p => p.StartsWith("/docs/a", StringComparison.Ordinal)));
        // sitemap: only (no links followed) and ignoreRobotsTxt.
        Assert.Equal(["/", "/blog/2", "/docs/orphan-1", "/docs/orphan-2"], (await CrawlAsync("v2", new { url = root, sitemap = "only" })).Order());
        Assert.Contains("/private/secret", await CrawlAsync("v2", new { url = root, sitemap = "skip", maxDiscoveryDepth = 1, ignoreRobotsTxt = true }));
    }

    [Fact]
    public async Task Unknown_keys_and_bad_options_are_a_400_in_firecrawls_error_shape()
    {
        var client = api.ClientFor("alice");
        var url = Site.Url("/").AbsoluteUri;
        foreach (var (route, body, field) in new (string, object, string)[]
        {
            ("/v2/crawl", new { url, limitt = 5 }, "limitt"),
            ("/v2/crawl", new { url, maxDepth = 2 }, "maxDepth"),           // v1 only
            ("/v1/crawl", new { url, sitemap = "skip" }, "sitemap"),        // v2 only
            ("/v2/crawl", new { url, includePaths = new[] { "(" } }, "includePaths[0]"),
            ("/v2/crawl", new { url, sitemap = "sometimes" }, "sitemap"),
            ("/v2/crawl", new { url, scrapeOptions = new { formats = new[] { "branding" } } }, "scrapeOptions.formats[0]"),
            ("/v2/crawl", new { url, scrapeOptions = new { actions = new[] { new { type = "dance" } } } }, "scrapeOptions.actions[0].type"),
            ("/v2/crawl", new { url, scrapeOptions = new { onlyMainContnt = true } }, "scrapeOptions.onlyMainContnt"),
            ("/v1/map", new { url, sitemap = "only" }, "sitemap"),
            ("/v2/map", new { url, limit = 30_001 }, "limit"),
            ("/v2/scrape", new { url = "ftp://example.com/" }, "url"),
            ("/v1/scrape", new { url, formats = new[] { "markdown" }, foo = 1 }, "foo"),
        })
        {
            var error = await Json.ReadAsync(await client.PostAsync(route, Json.Body(body)), HttpStatusCode.BadRequest);
            Assert.Contains(field, error.Str("error"));
            if (route.StartsWith("/v1", StringComparison.Ordinal))
            {
                Json.IsFirecrawlError(error);
                continue;
            }
            // v2: the error's code and each offending field in details.
            Json.IsFirecrawlV2Error(error);
            Assert.Equal("VALIDATION_ERROR", error.Str("code"));
            Assert.Contains(error.GetProperty("details").EnumerateArray(), d => d.Str("field") == field);
        }
    }

    [Fact]
    public async Task A_crawl_is_listed_as_active_until_cancelled_then_reports_cancelled()
    {
        var client = api.ClientFor("alice");
        var id = await StartAsync(client, "v2", new { url = Site.Url("/slow/0").AbsoluteUri, crawlEntireDomain = true, sitemap = "skip", maxConcurrency = 1, delay = 0.2 });
        foreach (var route in new[] { "/v2/crawl/active", "/v1/crawl/ongoing" })
        {
            var active = await Json.ReadAsync(await client.GetAsync(route), HttpStatusCode.OK);
            var crawl = Assert.Single(active.GetProperty("crawls").EnumerateArray(), c => c.Str("id") == id);
            Json.HasExactly(crawl, "id", "teamId", "url", "options");
            Assert.Equal(Site.Url("/slow/0").AbsoluteUri, crawl.Str("url"));
        }
        Assert.Empty((await Json.ReadAsync(await api.ClientFor("mallory").GetAsync("/v2/crawl/active"), HttpStatusCode.OK)).GetProperty("crawls").EnumerateArray());

        var cancelled = await Json.ReadAsync(await client.DeleteAsync($"/v2/crawl/{id}"), HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Str("status"));
        var status = await WaitAsync(client, "v2", id);
        Assert.Equal("cancelled", status.Str("status"));
        Assert.True(status.GetProperty("completed").GetInt32() < 80);
        Assert.DoesNotContain((await Json.ReadAsync(await client.GetAsync("/v2/crawl/active"), HttpStatusCode.OK)).GetProperty("crawls").EnumerateArray(),
            c => c.Str("id") == id);
    }

    [Fact]
    public async Task Scrape_answers_the_document_at_once_keeps_it_by_id_and_maps_failures_to_firecrawl_statuses()
    {
        var client = api.ClientFor("alice");
        var v2 = await Json.ReadAsync(await client.PostAsync("/v2/scrape", Json.Body(new { url = Site.Url("/docs/a").AbsoluteUri, formats = new object[] { "markdown", new { type = "links" } } })),
            HttpStatusCode.OK);
        Json.HasExactly(v2, "success", "data");
        var data = v2.GetProperty("data");
        Json.HasExactly(data, "markdown", "links", "metadata");
        Assert.Contains("# Doc A", data.Str("markdown"));
        Assert.Contains(Site.Url("/docs/b").AbsoluteUri, data.GetProperty("links").EnumerateArray().Select(l => l.GetString()));
        var metadata = data.GetProperty("metadata");
        Assert.Equal(Site.Url("/docs/a").AbsoluteUri, metadata.Str("sourceURL"));
        Assert.Equal("Doc A", metadata.Str("title"));
        var scrapeId = metadata.Str("scrapeId")!;
        var again = await Json.ReadAsync(await client.GetAsync($"/v2/scrape/{scrapeId}"), HttpStatusCode.OK);
        Assert.Equal(data.GetRawText(), again.GetProperty("data").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor("mallory").GetAsync($"/v2/scrape/{scrapeId}")).StatusCode);

        var v1 = await Json.ReadAsync(await client.PostAsync("/v1/scrape", Json.Body(new { url = Site.Url("/docs/b").AbsoluteUri, formats = new[] { "html" } })), HttpStatusCode.OK);
        Json.HasExactly(v1.GetProperty("data"), "html", "metadata");
        Assert.False(v1.GetProperty("data").GetProperty("metadata").TryGetProperty("scrapeId", out _));

        var slow = await client.PostAsync("/v2/scrape", Json.Body(new { url = Site.Url("/sleep?ms=4000").AbsoluteUri, timeout = 1000 }));
        Assert.Equal(HttpStatusCode.RequestTimeout, slow.StatusCode);
        Json.IsFirecrawlV2Error(await Json.ReadAsync(slow, HttpStatusCode.RequestTimeout));
        var refused = await client.PostAsync("/v1/scrape", Json.Body(new { url = "http://127.0.0.1:9/" }));
        Json.IsFirecrawlError(await Json.ReadAsync(refused, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Map_lists_sitemap_and_linked_urls_as_strings_in_v1_and_objects_in_v2()
    {
        var client = api.ClientFor("alice");
        var root = Site.Url("/").AbsoluteUri;
        var v1 = await Json.ReadAsync(await client.PostAsync("/v1/map", Json.Body(new { url = root })), HttpStatusCode.OK);
        Json.HasExactly(v1, "success", "links");
        var links = v1.GetProperty("links").EnumerateArray().Select(l => new Uri(l.GetString()!).PathAndQuery).ToList();
        Assert.Equal("/", links[0]);
        foreach (var path in new[] { "/docs/", "/docs/orphan-1", "/docs/orphan-2", "/blog/2", "/docs/deep/1", "/docs/a" }) Assert.Contains(path, links);
        Assert.DoesNotContain(links, l => l.Contains('?', StringComparison.Ordinal)); // ignoreQueryParameters is on by default
        Assert.DoesNotContain(links, l => l.Contains("external", StringComparison.Ordinal));

        var searched = await Json.ReadAsync(await client.PostAsync("/v1/map", Json.Body(new { url = root, search = "orphan", limit = 1 })), HttpStatusCode.OK);
        Assert.Equal([Site.Url("/docs/orphan-1").AbsoluteUri], searched.GetProperty("links").EnumerateArray().Select(l => l.GetString()));
        var sitemapOnly = await Json.ReadAsync(await client.PostAsync("/v1/map", Json.Body(new { url = root, sitemapOnly = true })), HttpStatusCode.OK);
        Assert.Equal(["/", "/blog/2", "/docs/orphan-1", "/docs/orphan-2"], sitemapOnly.GetProperty("links").EnumerateArray().Select(l => new Uri(l.GetString()!).PathAndQuery).Order());

        var v2 = await Json.ReadAsync(await client.PostAsync("/v2/map", Json.Body(new { url = root, sitemap = "skip" })), HttpStatusCode.OK);
        var objects = v2.GetProperty("links").EnumerateArray().ToList();
        Assert.DoesNotContain(objects, o => o.Str("url")!.Contains("orphan", StringComparison.Ordinal));
        var docs = objects.Single(o => o.Str("url") == Site.Url("/docs/").AbsoluteUri);
        Json.HasExactly(docs, "url", "title", "description");
        Assert.Equal("Docs", docs.Str("title"));
        Json.IsFirecrawlV2Error(await Json.ReadAsync(await client.PostAsync("/v2/map", Json.Body(new { url = "http://127.0.0.1:9/" })), HttpStatusCode.Forbidden));
    }
}
