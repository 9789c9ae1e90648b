namespace ExtractApi.Scraping.Tests;

public class PageMetadataTests
{
    private static readonly ConvertedPage Page = PageConverter.Convert(NewsArticlePage.Html, NewsArticlePage.Url, ConversionOptions.Default);

    [Fact]
    public void Reads_the_basic_fields()
    {
        var metadata = Page.Metadata;
        Assert.Equal("City council passes budget | Example News", metadata.Title);
        Assert.Equal("The council approved a £2bn budget on Monday.", metadata.Description);
        Assert.Equal("en-GB", metadata.Language);
        Assert.Equal("budget, council, city", metadata.Keywords);
        Assert.Equal("index, follow", metadata.Robots);
        Assert.Equal("https://news.example.com/world/city-budget", metadata.CanonicalUrl);
        Assert.Equal("https://news.example.com/favicon.ico", metadata.Favicon);
    }

    [Fact]
    public void Reads_open_graph_and_twitter_fields()
    {
        var metadata = Page.Metadata;
        Assert.Equal("City council passes budget", metadata.OgTitle);
        Assert.Equal("A £2bn plan for schools and transport.", metadata.OgDescription);
        Assert.Equal("https://news.example.com/images/council.jpg", metadata.OgImage);
        Assert.Equal("https://news.example.com/world/2026/11/23/city-budget.html", metadata.OgUrl);
        Assert.Equal("Example News", metadata.OgSiteName);
        Assert.Equal("article", metadata.OgType);
        Assert.Equal("en_GB", metadata.OgLocale);
        Assert.Equal(["fr_FR", "de_DE"], metadata.OgLocaleAlternate);
        Assert.Equal("summary_large_image", metadata.TwitterCard);
        Assert.Equal("@examplenews", metadata.TwitterSite);
        Assert.Equal("Budget passed", metadata.TwitterTitle);
        Assert.Equal("https://cdn.example.com/tw.jpg", metadata.TwitterImage);
        Assert.Equal("summary_large_image", metadata.MetaTags["twitter:card"]);
    }

    [Fact]
    public void Missing_fields_are_null()
    {
        var metadata = PageConverter.Convert("<p>bare</p>", new Uri("https://example.com/"), ConversionOptions.Default).Metadata;
        Assert.Null(metadata.Title);
        Assert.Null(metadata.Description);
        Assert.Null(metadata.Language);
        Assert.Null(metadata.OgTitle);
        Assert.Null(metadata.Favicon);
        Assert.Empty(metadata.MetaTags);
    }

    [Fact]
    public void Language_falls_back_to_content_language()
    {
        var metadata = PageConverter.Convert("<html><head><meta http-equiv=\"Content-Language\" content=\"de\"></head><body></body></html>",
            new Uri("https://example.com/"), ConversionOptions.Default).Metadata;
        Assert.Equal("de", metadata.Language);
    }

    [Fact]
    public void Links_cover_the_whole_page_absolute_http_only_without_fragments_deduplicated_in_order()
    {
        const string html = """
            <a href="/a">A</a><a href="/a#section">A again</a><a href="b?q=1#x">B</a><a href="mailto:x@y.z">mail</a>
            <a href="javascript:void(0)">js</a><a href="#top">top</a><a href="https://other.org/c">C</a><a>no href</a><a href="">empty</a>
            <nav><a href="/nav">nav</a></nav>
            """;
        var page = PageConverter.Convert(html, new Uri("https://example.com/dir/page"), ConversionOptions.Default);

        Assert.Equal(["https://example.com/a", "https://example.com/dir/b?q=1", "https://example.com/dir/page", "https://other.org/c", "https://example.com/nav"], page.Links);
    }

    [Fact]
    public void Links_of_the_news_page_include_its_furniture()
    {
        Assert.Contains("https://news.example.com/sport", Page.Links);
        Assert.Contains("https://other.example.org/", Page.Links);
        Assert.Contains("https://news.example.com/world/2026/11/23/city-budget.html?ref=home", Page.Links);
    }
}
