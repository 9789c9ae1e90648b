using ExtractApi.Jobs.Crawling;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping.Crawling;
using ExtractApi.Tests.Engine;
using ExtractApi.Tests.Infrastructure;
using ExtractApi.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExtractApi.Tests.EndToEnd;

/// <summary>The crawl handler on the job engine against a local site: what each option changes, straight from the tables.</summary>
public sealed class CrawlWorkerTests(CrawlSiteApiFactory factory) : IClassFixture<CrawlSiteApiFactory>
{
    private CrawlSite Site => factory.Site;

    private CrawlJobRequest Crawl(string path = "/", int limit = 100, CrawlScopeOptions? scope = null, bool ignoreQuery = false,
        SitemapMode sitemap = SitemapMode.Include, bool ignoreRobots = false) =>
        new(Site.Url(path).AbsoluteUri, limit, scope ?? new CrawlScopeOptions(), ignoreQuery, false, sitemap, ignoreRobots, 0, null,
            new ScrapeJobRequest([], ["markdown"], true, [], [], new Dictionary<string, string>(), 10_000, null), null);

    private async Task<(JobStatus Status, List<string> Pages, IReadOnlyList<string> Blocked, int Total)> RunAsync(CrawlJobRequest request)
    {
        var submitted = await factory.Services.GetRequiredService<JobSubmitter>().SubmitAsync(
            new JobSubmission("alice", "org-1", Dialect.Firecrawl, JobKind.Crawl, request.ToJson()), CancellationToken.None);
        var id = submitted.JobId;
        await Eventually.TrueAsync(async () => (await Db.StatusAsync(factory.ConnectionString, id)).IsFinished(), TimeSpan.FromSeconds(30), "the crawl finished");
        var pages = new List<string>();
        await factory.WithDbAsync(async db => pages.AddRange(
            await db.JobPages.Where(p => p.JobId == id).OrderBy(p => p.Ordinal).Select(p => p.Url).ToListAsync()));
        var blocked = await factory.Services.GetRequiredService<CrawlFrontier>().BlockedAsync(id, CancellationToken.None);
        var total = await Db.ScalarAsync<int>(factory.ConnectionString, "SELECT total FROM jobs WHERE id = $1", id);
        return (await Db.StatusAsync(factory.ConnectionString, id), pages.Select(p => new Uri(p).PathAndQuery).ToList(), blocked, total);
    }

    [Fact]
    public async Task A_site_crawl_follows_links_and_sitemaps_obeys_robots_txt_and_fetches_each_page_once()
    {
        Site.ResetHits();
        var (status, pages, blocked, total) = await RunAsync(Crawl(limit: 200));

        Assert.Equal(JobStatus.Completed, status);
        Assert.Equal("/", pages[0]);
        string[] expected = ["/", "/docs/", "/blog/", "/private/open", "/old", "/throttled", "/docs/a?ref=x", "/docs/a?ref=y",
            "/docs/orphan-1", "/blog/2", "/docs/orphan-2", "/docs/a", "/docs/b", "/docs/deep/1", "/blog/1",
            "/docs/deep/2", "/docs/deep/3", "/docs/deep/4", "/docs/deep/5", "/docs/deep/6"];
        Assert.Equal(expected.Order(), pages.Order());
        Assert.Equal(expected.Length, total);
        Assert.Equal(["/private/secret"], blocked.Select(u => new Uri(u).PathAndQuery));
        Assert.Equal(0, Site.Hits("/private/secret"));
        foreach (var page in expected.Where(p => p != "/throttled" && p != "/old")) Assert.Equal(1, Site.Hits(page));
        Assert.Equal(1, Site.Hits("/robots.txt"));
        // The 429 paused the host for its Retry-After before the page was asked again.
        var throttled = Site.HitTimes("/throttled");
        Assert.Equal(2, throttled.Count);
        Assert.True(throttled[1] - throttled[0] >= TimeSpan.FromMilliseconds(900), $"retried after {(throttled[1] - throttled[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_slow_host_holds_up_neither_the_other_hosts_pages_nor_the_crawl()
    {
        Site.ResetHits();
        // Politeness: one request at a time per host (a delay is set), two fetches at once in all. The slow host's two
        // pages come first in discovery order: the first outlasts the fetch timeout, the second waits for its host.
        var request = Crawl("/mixed", sitemap: SitemapMode.Skip, scope: new() { AllowExternalLinks = true, CrawlEntireDomain = true, MaxDiscoveryDepth = 1 });
        request = request with { DelaySeconds = 0.1, MaxConcurrency = 2, Scrape = request.Scrape with { TimeoutMs = 4_000 } };
        var (status, pages, _, _) = await RunAsync(request);

        Assert.Equal(JobStatus.Completed, status);
        string[] fast = ["/docs/a", "/docs/b", "/blog/"];
        Assert.Equal(["/mixed", "/sleep?ms=20000", $"/sleep?ms={CrawlSite.SlowHostPageMs}", .. fast], pages);
        Assert.Equal(1, Site.Hits("/sleep?ms=20000")); // a timeout is a failed page, not retried
        var error = await Db.ScalarAsync<string>(factory.ConnectionString,
            "SELECT p.error FROM job_pages p JOIN jobs j ON j.id = p.job_id WHERE p.url = $1 ORDER BY j.created_at DESC LIMIT 1",
            new Uri(Site.SlowHost, "/sleep?ms=20000").AbsoluteUri);
        Assert.Contains("timed out", error, StringComparison.OrdinalIgnoreCase);
        // The other host's pages did not wait behind the slow host's: all were asked before its second page.
        var secondSlow = Assert.Single(Site.HitTimes($"/sleep?ms={CrawlSite.SlowHostPageMs}"));
        Assert.All(fast, page => Assert.True(Assert.Single(Site.HitTimes(page)) < secondSlow, $"{page} was asked after the slow host's second page"));
    }

    [Fact]
    public async Task The_limit_is_held_exactly_and_pages_come_in_discovery_order()
    {
        var (status, pages, _, total) = await RunAsync(Crawl("/many/0", limit: 37, sitemap: SitemapMode.Skip,
            scope: new() { CrawlEntireDomain = true, IncludePaths = ["^/many/"] }));
        Assert.Equal(JobStatus.Completed, status);
        Assert.Equal(37, pages.Count);
        Assert.Equal(37, total);
        Assert.Equal(Enumerable.Range(0, 37).Select(n => $"/many/{n}"), pages);
    }

    [Fact]
    public async Task Query_variants_are_one_page_with_ignoreQueryParameters()
    {
        var (_, pages, _, _) = await RunAsync(Crawl(ignoreQuery: true, sitemap: SitemapMode.Skip, scope: new() { MaxDiscoveryDepth = 1 }));
        Assert.Single(pages, p => p.StartsWith("/docs/a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sitemap_modes_skip_and_only_change_what_is_crawled()
    {
        var skipped = (await RunAsync(Crawl(sitemap: SitemapMode.Skip))).Pages;
        Assert.DoesNotContain("/docs/orphan-1", skipped);
        Assert.Contains("/docs/deep/6", skipped);
        var only = (await RunAsync(Crawl(sitemap: SitemapMode.Only))).Pages;
        Assert.Equal(["/", "/blog/2", "/docs/orphan-1", "/docs/orphan-2"], only.Order());
    }

    [Fact]
    public async Task Paths_depth_and_robots_options_change_the_result()
    {
        var included = (await RunAsync(Crawl(sitemap: SitemapMode.Skip, scope: new() { IncludePaths = ["^/docs/deep/"] }))).Pages;
        // The start page is always crawled; among the links only the matching ones, and they must be reachable from matching pages.
        Assert.Equal(["/"], included);
        var docs = (await RunAsync(Crawl("/docs/", sitemap: SitemapMode.Skip, scope: new() { ExcludePaths = ["deep/[3-9]"] }))).Pages;
        Assert.Equal(["/docs/", "/docs/a", "/docs/b", "/docs/deep/1", "/docs/deep/2"], docs.Order());
        var shallow = (await RunAsync(Crawl("/docs/", sitemap: SitemapMode.Skip, scope: new() { MaxDiscoveryDepth = 1 }))).Pages;
        Assert.Equal(["/docs/", "/docs/a", "/docs/b", "/docs/deep/1"], shallow.Order());
        var blog = (await RunAsync(Crawl("/blog/"))).Pages;
        Assert.Equal(["/blog/", "/blog/1", "/blog/2"], blog.Order()); // below the start path only, sitemap URLs too
        var narrow = (await RunAsync(Crawl("/docs/a", sitemap: SitemapMode.Skip))).Pages;
        Assert.Equal(["/docs/a"], narrow); // its links lead above its path
        var wide = (await RunAsync(Crawl("/docs/a", sitemap: SitemapMode.Skip, scope: new() { CrawlEntireDomain = true, MaxDiscoveryDepth = 2 }))).Pages;
        Assert.Equal(["/", "/docs/a", "/docs/b"], wide.Take(3).Order());
        var (_, ignoring, blocked, _) = await RunAsync(Crawl(ignoreRobots: true, sitemap: SitemapMode.Skip, scope: new() { MaxDiscoveryDepth = 1 }));
        Assert.Contains("/private/secret", ignoring);
        Assert.Empty(blocked);
    }
}
