using ExtractApi.Scraping.Crawling;

namespace ExtractApi.Scraping.Tests.Crawling;

public class CrawlScopeTests
{
    private static readonly Uri Start = new("https://www.example.com/blog/");

    private static LinkRefusal Check(string url, CrawlScopeOptions? options = null, int depth = 1) =>
        new CrawlScope(Start, options ?? new CrawlScopeOptions()).Check(CrawlUrls.Normalize(url)!, depth);

    [Fact]
    public void By_default_only_pages_below_the_start_path_on_the_start_host_are_followed()
    {
        Assert.Equal(LinkRefusal.None, Check("https://www.example.com/blog/post-1"));
        Assert.Equal(LinkRefusal.None, Check("https://example.com/blog/post-1")); // www. and the bare host are one site
        Assert.Equal(LinkRefusal.OutsideStartPath, Check("https://www.example.com/about"));
        Assert.Equal(LinkRefusal.OutsideStartPath, Check("https://www.example.com/blogger"));
        Assert.Equal(LinkRefusal.Subdomain, Check("https://shop.example.com/blog/x"));
        Assert.Equal(LinkRefusal.External, Check("https://other.org/blog/x"));
    }

    [Fact]
    public void CrawlEntireDomain_allowSubdomains_and_allowExternalLinks_widen_the_scope()
    {
        Assert.Equal(LinkRefusal.None, Check("https://www.example.com/about", new() { CrawlEntireDomain = true }));
        Assert.Equal(LinkRefusal.None, Check("https://shop.example.com/blog/x", new() { AllowSubdomains = true }));
        Assert.Equal(LinkRefusal.External, Check("https://notexample.com/blog/x", new() { AllowSubdomains = true }));
        Assert.Equal(LinkRefusal.None, Check("https://other.org/anything", new() { AllowExternalLinks = true }));
    }

    [Fact]
    public void Include_and_exclude_patterns_match_the_path_or_with_regexOnFullURL_the_whole_url()
    {
        var include = new CrawlScopeOptions { IncludePaths = ["^/blog/2024/"] };
        Assert.Equal(LinkRefusal.None, Check("https://www.example.com/blog/2024/a", include));
        Assert.Equal(LinkRefusal.NotIncluded, Check("https://www.example.com/blog/2023/a", include));

        var exclude = new CrawlScopeOptions { ExcludePaths = ["draft"] };
        Assert.Equal(LinkRefusal.Excluded, Check("https://www.example.com/blog/draft-1", exclude));
        Assert.Equal(LinkRefusal.Excluded, Check("https://www.example.com/blog/x?mode=draft", exclude));

        var host = new CrawlScopeOptions { IncludePaths = ["^https://www\\.example\\.com/blog/"], RegexOnFullUrl = true };
        Assert.Equal(LinkRefusal.None, Check("https://www.example.com/blog/a", host));
        Assert.Equal(LinkRefusal.NotIncluded, Check("https://www.example.com/blog/a", include with { IncludePaths = ["^https://"] }));
    }

    [Fact]
    public void Depth_limits_count_link_hops_or_path_segments_below_the_start()
    {
        Assert.Equal(LinkRefusal.None, Check("https://www.example.com/blog/a", new() { MaxDiscoveryDepth = 2 }, depth: 2));
        Assert.Equal(LinkRefusal.TooDeep, Check("https://www.example.com/blog/a", new() { MaxDiscoveryDepth = 2 }, depth: 3));
        Assert.Equal(LinkRefusal.None, Check("https://www.example.com/blog/a/b", new() { MaxPathDepth = 2 }, depth: 9));
        Assert.Equal(LinkRefusal.TooDeep, Check("https://www.example.com/blog/a/b/c", new() { MaxPathDepth = 2 }));
    }

    [Fact]
    public void Bad_patterns_are_named_before_a_crawl_starts()
    {
        Assert.Null(CrawlScope.CheckPattern("^/docs/.*$"));
        Assert.Contains("not a valid regular expression", CrawlScope.CheckPattern("(unclosed"));
    }
}
