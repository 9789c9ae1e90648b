using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ExtractApi.Scraping.Corpus;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ExtractApi.Scraping.Tests;

/// <summary>
/// Property-style checks over a corpus of varied pages: the Markdown parses with Markdig (CommonMark
/// + GFM tables), and what CommonMark makes of it gives back the input's headings, links, code,
/// list items, table cells and words.
/// </summary>
public class RoundTripTests
{
    private static readonly Uri PageUrl = new("https://site.example.com/section/page.html");
    private static readonly AngleSharp.Html.Parser.HtmlParser Parser = new();
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .Build();

    private static readonly IReadOnlyList<string> Pages =
    [
        .. PageCorpus.Build(count: 24, minBytes: 4_000, maxBytes: 40_000, seed: 7),
        NewsArticlePage.Html,
        TrickyPage,
    ];

    private const string TrickyPage = """
        <h1>#1 *Best* [deal] 2024. ever</h1>
        <p>1. starts like a list, - and a dash</p><p>+ plus</p><p>&gt; not a quote</p><p>=====</p><p>***</p>
        <p>Path C:\Users\me and snake_case, _edge_ words, a*b*c, `ticks` &amp; &amp;copy; &lt;div&gt; ~~no strike~~</p>
        <ul><li>item with <a href="/x(1)">paren link</a></li><li><p>para one</p><p>para two</p><ul><li>nested <code>`code`</code></li></ul>after nested</li></ul>
        <ol start="3"><li>three</li><li>four<blockquote><p>quoted in item</p><pre>code in quote</pre></blockquote></li></ol>
        <table><tr><td>a|b</td><td><code>x|y</code></td><td><ul><li>l1</li><li>l2</li></ul></td></tr><tr><td>*</td><td>[c]</td><td>\</td></tr></table>
        <blockquote><blockquote><h2>Deep quote heading</h2><p>line<br>break</p></blockquote></blockquote>
        <pre><code class="language-md">```
        # not a heading
        ```
        </code></pre>
        <h3><a href="https://other.example.org/a_b?x=1&amp;y=2">Linked heading</a></h3>
        <p><a href="/empty"></a><a href="/img"><img src="/i.png" alt="[alt]"></a> <img src="/noalt.png"></p>
        """;

    public static TheoryData<int> PageIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Pages.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PageIndexes))]
    public void Markdown_parses_and_keeps_every_heading_and_link(int page)
    {
        var input = Parser.ParseDocument(Pages[page]).Body!;
        var markdown = MarkdownConverter.Convert(Pages[page], PageUrl);
        var parsed = Markdown.Parse(markdown, Pipeline);

        var outputHeadings = parsed.Descendants<HeadingBlock>().Select(h => $"h{h.Level} {Collapse(InlineText(h.Inline))}").ToList();
        var outputLinks = parsed.Descendants<LinkInline>().Select(l => l.Url).ToHashSet();

        Assert.Equal(VisibleHeadings(input), outputHeadings);
        foreach (var url in ExpectedLinkUrls(input))
        {
            Assert.Contains(url, outputLinks);
        }
    }

    [Theory]
    [MemberData(nameof(PageIndexes))]
    public void CommonMark_rendering_gives_back_the_structure_and_the_words(int page)
    {
        var input = Parser.ParseDocument(Pages[page]).Body!;
        var markdown = MarkdownConverter.Convert(Pages[page], PageUrl);
        var rendered = Parser.ParseDocument(Markdown.ToHtml(markdown, Pipeline)).Body!;

        Assert.Equal(Texts(input, "pre"), Texts(rendered, "pre"));
        Assert.Equal(Count(input, "li"), Count(rendered, "li"));
        Assert.Equal(Count(input, "blockquote"), Count(rendered, "blockquote"));
        Assert.Equal(DataTableCells(input), Texts(rendered, "td, th"));
        Assert.Equal(Words(input), Words(rendered));
    }

    [Fact]
    public void Random_html_converts_to_markdown_that_renders_back_the_same_words()
    {
        var failures = new List<string>();
        for (var seed = 0; seed < 400; seed++)
        {
            var html = RandomHtml.Generate(seed, maxDepth: 5);
            var input = Parser.ParseDocument(html).Body!;
            var markdown = MarkdownConverter.Convert(html, PageUrl);
            var rendered = Parser.ParseDocument(Markdown.ToHtml(markdown, Pipeline)).Body!;
            if (!Words(input).SequenceEqual(Words(rendered)))
            {
                failures.Add($"seed {seed}:\n{html}\n---\n{markdown}\n---\n{string.Join(' ', Words(input))}\n{string.Join(' ', Words(rendered))}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of 400 differ; first:\n{failures.FirstOrDefault()}");
    }

    private static List<string> VisibleHeadings(IElement root) =>
        root.QuerySelectorAll("h1, h2, h3, h4, h5, h6")
            .Where(h => h.Closest("table") is null && h.Closest("a") is null && VisibleText(h).Length > 0)
            .Select(h => $"{h.LocalName} {VisibleText(h)}")
            .ToList();

    private static IEnumerable<string> ExpectedLinkUrls(IElement root) =>
        root.QuerySelectorAll("a[href]")
            .Where(a => VisibleText(a).Length > 0 || a.QuerySelector("img") is not null)
            .Select(a => new Uri(PageUrl, a.GetAttribute("href")!).AbsoluteUri);

    /// <summary>Elements outside tables: inside a cell everything is flattened to one line on purpose.</summary>
    private static int Count(IElement root, string selector) =>
        root.QuerySelectorAll(selector).Count(e => !IsHidden(e) && e.Closest("table") is null);

    private static List<string> Texts(IElement root, string selector) =>
        root.QuerySelectorAll(selector).Where(e => !IsHidden(e)).Select(VisibleText).ToList();

    /// <summary>Cells of tables with more than one column (one-column tables are layout and become blocks).</summary>
    private static List<string> DataTableCells(IElement root) =>
        root.QuerySelectorAll("td, th")
            .Where(cell => cell.Closest("table")!.QuerySelectorAll("tr").Max(r => r.QuerySelectorAll("td, th").Length) > 1 && !IsHidden(cell))
            .Select(VisibleText)
            .ToList();

    private static bool IsHidden(IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.LocalName is "script" or "style" or "noscript" or "template" or "svg" || e.HasAttribute("hidden") || e.GetAttribute("aria-hidden") == "true")
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Words(IElement root) =>
        VisibleText(root).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Text as a reader sees it: invisible elements skipped, blocks and line breaks separate words.</summary>
    private static string VisibleText(IElement root)
    {
        var text = new StringBuilder();
        AppendVisibleText(root, text);
        return Collapse(text.ToString());
    }

    private static void AppendVisibleText(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(t.Data);
            }
            else if (child is IElement e && !IsHidden(e))
            {
                text.Append(' ');
                AppendVisibleText(e, text);
                text.Append(' ');
            }
        }
    }

    private static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var descendant in inline?.Descendants<LiteralInline>() ?? [])
        {
            text.Append(descendant.Content.ToString());
        }

        foreach (var code in inline?.Descendants<CodeInline>() ?? [])
        {
            text.Append(code.Content);
        }

        return text.ToString();
    }

    private static string Collapse(string text) =>
        string.Join(' ', text.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));
}
