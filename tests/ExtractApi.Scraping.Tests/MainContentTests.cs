using ExtractApi.Scraping.Corpus;

namespace ExtractApi.Scraping.Tests;

public class MainContentTests
{
    private static readonly Uri PageUrl = new("https://example.com/page");

    private static string Convert(string html, ConversionOptions options) => PageConverter.Convert(html, PageUrl, options).Markdown;

    private static string ConvertNews(ConversionOptions options) => PageConverter.Convert(NewsArticlePage.Html, NewsArticlePage.Url, options).Markdown;

    [Fact]
    public void News_article_keeps_the_story_and_drops_the_furniture()
    {
        var markdown = ConvertNews(ConversionOptions.Default);

        Assert.Equal("""
            # City council passes budget

            The council approved a **£2bn** budget on Monday, after a *long* debate.

            ![The council chamber](https://news.example.com/images/council.jpg)

            The council chamber.

            ## What the money pays for

            - Schools: £800m
            - Transport: £500m

            Read the [full budget](https://news.example.com/docs/budget.pdf) for details.
            """.ReplaceLineEndings("\n"), markdown);
    }

    [Theory]
    [InlineData(PageCorpus.PageKind.Article)]
    [InlineData(PageCorpus.PageKind.ProductListing)]
    [InlineData(PageCorpus.PageKind.Documentation)]
    public void Generated_pages_of_every_kind_lose_their_furniture_and_the_headline_their_title_repeats(PageCorpus.PageKind kind)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var html = PageCorpus.Generate(kind, seed, approximateBytes: 15_000);
            var page = PageConverter.Convert(html, PageUrl, ConversionOptions.Default);
            var markdown = page.Markdown;

            // The page's h1 is its <title>: the metadata's title, not the content's first line (the whole page keeps it).
            Assert.NotNull(page.Metadata.Title);
            Assert.Contains("\n# ", "\n" + Convert(html, ConversionOptions.Default with { OnlyMainContent = false }), StringComparison.Ordinal);
            Assert.DoesNotContain("\n# ", "\n" + markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("We use cookies", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("Accept all", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("Example Media", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("/section/", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("Advertisement", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("Most read", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("/docs/topic-", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("https://social.example/share", markdown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_only_main_content_the_whole_visible_page_is_converted()
    {
        var markdown = ConvertNews(ConversionOptions.Default with { OnlyMainContent = false });

        Assert.Contains("We use cookies.", markdown, StringComparison.Ordinal);
        Assert.Contains("[Sport](https://news.example.com/sport)", markdown, StringComparison.Ordinal);
        Assert.Contains("Most read", markdown, StringComparison.Ordinal);
        Assert.Contains("# City council passes budget", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("analytics", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_semantic_markup_classes_and_link_density_find_the_furniture()
    {
        const string html = """
            <body>
              <div id="top-bar" class="header"><a href="/">Home</a></div>
              <div class="menu-wrapper"><a href="/1">One</a> <a href="/2">Two</a> <a href="/3">Three</a></div>
              <div class="links"><a href="/a">Alpha</a> | <a href="/b">Beta</a> | <a href="/c">Gamma</a> | <a href="/d">Delta</a></div>
              <div class="page has-sidebar">
                <div class="story"><h1>Headline</h1><p>Body text that is long enough to be the content of this page, with a <a href="/ref">reference</a>.</p></div>
                <div class="right-sidebar"><p>Popular posts</p></div>
              </div>
              <div class="gdpr-popup">Consent?</div>
              <div class="bottom">&copy; Site</div>
            </body>
            """;

        Assert.Equal("# Headline\n\nBody text that is long enough to be the content of this page, with a [reference](https://example.com/ref).",
            Convert(html, ConversionOptions.Default));
    }

    [Fact]
    public void A_lone_article_is_the_main_content_when_there_is_no_main()
    {
        const string html = "<body><nav><a href=/x>X</a></nav><div class=wrap><article><h1>T</h1><p>Text</p></article><div>Other stuff</div></div></body>";
        Assert.Equal("# T\n\nText", Convert(html, ConversionOptions.Default));
    }

    [Fact]
    public void Role_main_counts_as_main()
    {
        const string html = "<body><div role=navigation><a href=/x>X</a></div><div role=main><p>Here</p><div role=complementary>Aside</div></div></body>";
        Assert.Equal("Here", Convert(html, ConversionOptions.Default));
    }

    [Fact]
    public void A_hidden_main_is_skipped()
    {
        const string html = "<body><main hidden><p>Old layout</p></main><div role=main><p>Real</p></div></body>";
        Assert.Equal("Real", Convert(html, ConversionOptions.Default));
    }

    [Fact]
    public void When_every_block_looks_like_furniture_the_page_is_kept_whole()
    {
        const string html = "<body><div class=modal><p>First part</p></div><div class=popup><p>Second part</p></div><div class=share><p>Third part</p></div></body>";
        Assert.Equal("First part\n\nSecond part\n\nThird part", Convert(html, ConversionOptions.Default));
    }

    [Fact]
    public void Exclude_tags_remove_their_matches()
    {
        const string html = "<body><p>keep</p><p class=promo-text>drop</p><div id=x><p>also drop</p></div><p>keep too</p></body>";
        var options = new ConversionOptions { OnlyMainContent = false, ExcludeTags = [".promo-text", "#x"] };
        Assert.Equal("keep\n\nkeep too", Convert(html, options));
    }

    [Fact]
    public void Include_tags_keep_only_their_outermost_matches_in_document_order()
    {
        const string html = "<body><p>no</p><div class=keep><p>first</p><div class=keep><p>inner</p></div></div><p>no</p><h2 class=keep>second</h2></body>";
        var options = new ConversionOptions { OnlyMainContent = false, IncludeTags = [".keep", "h2"] };
        Assert.Equal("first\n\ninner\n\n## second", Convert(html, options));
    }

    [Fact]
    public void Include_and_exclude_combine_with_main_content()
    {
        var options = new ConversionOptions { IncludeTags = ["article"], ExcludeTags = ["figure", "ul"] };
        var markdown = ConvertNews(options);

        Assert.StartsWith("# City council passes budget", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("council chamber", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Schools", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Advertisement", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_selector_is_a_clear_argument_error()
    {
        var options = new ConversionOptions { ExcludeTags = ["div[["] };
        var error = Assert.Throws<ArgumentException>(() => PageConverter.Convert("<p>x</p>", PageUrl, options));
        Assert.Contains("div[[", error.Message, StringComparison.Ordinal);
    }
}
