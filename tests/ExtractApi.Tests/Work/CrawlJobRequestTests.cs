using System.Text.Json;
using ExtractApi.Scraping.Crawling;
using ExtractApi.Work;

namespace ExtractApi.Tests.Work;

/// <summary>The stored crawl request: its own JSON options, and the shape jobs already in the database were written in.</summary>
public sealed class CrawlJobRequestTests
{
    [Fact]
    public void Crawl_requests_serialise_with_their_own_options_not_the_scrape_requests()
    {
        Assert.NotSame(ScrapeJobRequest.Json, CrawlJobRequest.Json);
        Assert.NotSame(ExtractJobRequest.Json, CrawlJobRequest.Json);
    }

    [Fact]
    public void The_stored_shape_is_unchanged_and_reads_back_equal()
    {
        using var metadata = JsonDocument.Parse("""{"run":7}""");
        var scrape = new ScrapeJobRequest([], ["markdown", "links"], OnlyMainContent: true, IncludeTags: ["article"], ExcludeTags: [],
            new Dictionary<string, string> { ["X-Test"] = "1" }, TimeoutMs: 30000, Webhook: null, MaxAgeMs: 1000, StoreInCache: true);
        var request = new CrawlJobRequest("https://example.test/docs/",
            Limit: 25,
            new CrawlScopeOptions { IncludePaths = ["^/docs/"], MaxDiscoveryDepth = 2, AllowSubdomains = true },
            IgnoreQueryParameters: true,
            DeduplicateSimilarUrls: false,
            SitemapMode.Skip,
            IgnoreRobotsTxt: false,
            DelaySeconds: 0.5,
            MaxConcurrency: 4,
            scrape,
            new WebhookTarget("https://hooks.example.test/in", new Dictionary<string, string>(), metadata.RootElement.Clone(), ["page", "completed"]));

        var json = request.ToJson();

        Assert.Equal("""{"url":"https://example.test/docs/","limit":25,"scope":{"includePaths":["^/docs/"],"excludePaths":[],"regexOnFullUrl":false,"crawlEntireDomain":false,"allowSubdomains":true,"allowExternalLinks":false,"maxDiscoveryDepth":2,"maxPathDepth":null},"ignoreQueryParameters":true,"deduplicateSimilarUrls":false,"sitemap":1,"ignoreRobotsTxt":false,"delaySeconds":0.5,"maxConcurrency":4,"scrape":{"urls":[],"formats":["markdown","links"],"onlyMainContent":true,"includeTags":["article"],"excludeTags":[],"headers":{"X-Test":"1"},"timeoutMs":30000,"webhook":null,"jsonFormat":null,"changeTracking":null,"maxAgeMs":1000,"storeInCache":true,"parsePdf":true,"pdfMaxPages":null,"rendering":null},"webhook":{"url":"https://hooks.example.test/in","headers":{},"metadata":{"run":7},"events":["page","completed"]}}""", json);
        var back = CrawlJobRequest.FromJson(json);
        Assert.Equal(request.Scope.IncludePaths, back.Scope.IncludePaths);
        Assert.Equal(request.Scrape.Formats, back.Scrape.Formats);
        Assert.Equal(json, back.ToJson());
    }
}
