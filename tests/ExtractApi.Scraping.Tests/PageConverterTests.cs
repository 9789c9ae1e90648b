using ExtractApi.Scraping.Corpus;

namespace ExtractApi.Scraping.Tests;

public class PageConverterTests
{
    private static readonly Uri PageUrl = new("https://example.com/a/b.html");

    [Fact]
    public void Concurrent_conversions_give_the_same_results_as_sequential_ones()
    {
        var pages = PageCorpus.Build(count: 12, minBytes: 2_000, maxBytes: 20_000, seed: 3);
        var sequential = pages.Select(page => PageConverter.Convert(page, PageUrl, ConversionOptions.Default)).ToList();

        var concurrent = new ConvertedPage[pages.Count * 4];
        Parallel.For(0, concurrent.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => concurrent[i] = PageConverter.Convert(pages[i % pages.Count], PageUrl, ConversionOptions.Default));

        for (var i = 0; i < concurrent.Length; i++)
        {
            Assert.Equal(sequential[i % pages.Count].Markdown, concurrent[i].Markdown);
            Assert.Equal(sequential[i % pages.Count].Html, concurrent[i].Html);
            Assert.Equal(sequential[i % pages.Count].Links, concurrent[i].Links);
        }
    }

    [Fact]
    public void Every_output_comes_from_one_parse_of_the_page()
    {
        const string html = "<html lang=fr><head><title>T</title></head><body><nav><a href=/n>N</a></nav><main><h1>H</h1><p><a href=x>X</a></p></main></body></html>";
        var page = PageConverter.Convert(html, PageUrl, ConversionOptions.Default);

        Assert.Equal("# H\n\n[X](https://example.com/a/x)", page.Markdown);
        Assert.Equal("<main><h1>H</h1><p><a href=\"https://example.com/a/x\">X</a></p></main>", page.Html);
        Assert.Equal(["https://example.com/n", "https://example.com/a/x"], page.Links);
        Assert.Equal("T", page.Metadata.Title);
        Assert.Equal("fr", page.Metadata.Language);
    }

    [Fact]
    public void Empty_and_garbage_input_do_not_throw()
    {
        Assert.Equal("", PageConverter.Convert("", PageUrl, ConversionOptions.Default).Markdown);
        Assert.Equal("<<<>>>", PageConverter.Convert("<<<>>>", PageUrl, ConversionOptions.Default).Markdown);
        Assert.Empty(PageConverter.Convert("\0\0", PageUrl, ConversionOptions.Default).Links);
    }

    [Fact]
    public void Selectors_can_be_checked_before_a_job_is_queued()
    {
        Assert.True(MainContent.IsValidSelector("article > p.lead, #main"));
        Assert.False(MainContent.IsValidSelector("div[["));
    }
}
