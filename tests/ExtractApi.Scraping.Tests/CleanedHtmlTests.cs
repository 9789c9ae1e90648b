namespace ExtractApi.Scraping.Tests;

public class CleanedHtmlTests
{
    [Fact]
    public void Removes_scripts_styles_comments_and_hidden_elements_and_makes_urls_absolute()
    {
        const string html = """
            <html><head><title>T</title><script>x()</script></head><body><!-- note --><style>p{}</style>
            <p hidden>h</p><p>Text <a href="/a">link</a> <img src="i.png" srcset="i.png 1x, /j.png 2x"></p><noscript>js</noscript></body></html>
            """;
        var page = PageConverter.Convert(html, new Uri("https://example.com/d/p"), ConversionOptions.Default with { OnlyMainContent = false });

        Assert.Equal("<body>\n<p>Text <a href=\"https://example.com/a\">link</a> <img src=\"https://example.com/d/i.png\" srcset=\"https://example.com/d/i.png 1x, https://example.com/j.png 2x\"></p></body>",
            page.Html);
    }

    [Fact]
    public void With_only_main_content_the_html_is_the_main_content()
    {
        var page = PageConverter.Convert(NewsArticlePage.Html, NewsArticlePage.Url, ConversionOptions.Default);

        Assert.StartsWith("<main id=\"content\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("<h1>City council passes budget</h1>", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://news.example.com/docs/budget.pdf\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("cookie", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Most read", page.Html, StringComparison.Ordinal);
    }
}
