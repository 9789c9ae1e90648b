using ExtractApi.Scraping.Crawling;

namespace ExtractApi.Scraping.Tests.Crawling;

public class CrawlUrlsTests
{
    [Theory]
    [InlineData("HTTP://Example.COM:80/a/../b#frag", "http://example.com/b")]
    [InlineData("https://example.com", "https://example.com/")]
    [InlineData("https://example.com:8443/x?q=1", "https://example.com:8443/x?q=1")]
    public void Normalize_drops_fragments_default_ports_and_dot_segments(string url, string expected) =>
        Assert.Equal(expected, CrawlUrls.Normalize(url)!.AbsoluteUri);

    [Theory]
    [InlineData("ftp://example.com/file")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("/relative")]
    public void Normalize_refuses_what_a_crawler_cannot_fetch(string url) => Assert.Null(CrawlUrls.Normalize(url));

    [Fact]
    public void Query_parameter_order_does_not_make_another_page()
    {
        Assert.Equal(Key("https://e.com/p?b=2&a=1"), Key("https://e.com/p?a=1&b=2"));
        Assert.NotEqual(Key("https://e.com/p?a=1"), Key("https://e.com/p?a=2"));
    }

    [Fact]
    public void IgnoreQueryParameters_makes_query_variants_one_page()
    {
        Assert.Equal(Key("https://e.com/p?a=1", ignoreQuery: true), Key("https://e.com/p?a=2", ignoreQuery: true));
        Assert.NotEqual(Key("https://e.com/p?a=1", ignoreQuery: true), Key("https://e.com/q?a=1", ignoreQuery: true));
    }

    [Fact]
    public void Similar_urls_are_one_page_only_when_asked()
    {
        string[] variants = ["https://www.e.com/docs/", "http://e.com/docs", "https://e.com/docs/index.html", "https://E.com/docs/index.php"];
        Assert.Single(variants.Select(v => Key(v, similar: true)).Distinct());
        Assert.Equal(variants.Length, variants.Select(v => Key(v)).Distinct().Count());
        Assert.NotEqual(Key("https://e.com/docs", similar: true), Key("https://e.com/docs2", similar: true));
        Assert.NotEqual(Key("https://e.com:8080/docs", similar: true), Key("https://e.com/docs", similar: true));
    }

    private static string Key(string url, bool ignoreQuery = false, bool similar = false) =>
        CrawlUrls.DedupeKey(CrawlUrls.Normalize(url)!, ignoreQuery, similar);
}
