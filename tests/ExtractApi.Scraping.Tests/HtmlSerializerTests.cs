using System.Diagnostics;
using System.Text;
using AngleSharp;
using AngleSharp.Dom;
using ExtractApi.Scraping.Corpus;

namespace ExtractApi.Scraping.Tests;

/// <summary>
/// The linear serializer against AngleSharp's own <c>OuterHtml</c> (diff tests: the same string, character for
/// character, on realistic and awkward pages), the cleaned HTML against the in-place cleaning it replaced, and the
/// serialization of a million siblings in bounded time.
/// </summary>
public sealed class HtmlSerializerTests
{
    private static readonly Uri PageUrl = new("https://example.com/dir/page.html");

    /// <summary>What the HTML serialization rules single out: void and raw text elements, escaping, foreign content, templates.</summary>
    private const string AwkwardPage = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
        <html lang="en"><head><meta charset="utf-8"><title>A &amp; B &lt;C&gt;</title>
        <style>p > a { content: "&amp;" } /* </p> */</style>
        <script>if (a < b && c > d) { document.write('<div>&nbsp;</div>'); }</script>
        <link rel="stylesheet" href="/s.css"><base href="/dir/"></head>
        <body class="x" data-json='{"a":"b &amp; c"}' onload="go(&quot;x&quot;)">
        <!-- a comment -- with dashes --><?php echo 1; ?>
        <p title="nbsp:&nbsp; amp:&amp; quote:&quot; apos:' lt:< gt:>">Text with&nbsp;nbsp, &amp;, &lt;tag&gt;, "quotes" and 'apostrophes' — ünïcödé 😀</p>
        <pre>
        first line kept
          indented &lt;b&gt;</pre><pre>no newline</pre><pre>

        two leading newlines</pre>
        <textarea name="t">
        text &amp; area</textarea><textarea></textarea>
        <br><br/><hr><img src="a.png" alt=""><input type="text" value="v" disabled><wbr><area><embed src="e"><source src="s"><track src="t"><col><param name="p"><keygen>
        <table><colgroup><col span="2"></colgroup><tr><td>cell<td>cell 2</table>
        <svg viewBox="0 0 10 10" xmlns:xlink="http://www.w3.org/1999/xlink"><path d="M0 0L10 10"/><use xlink:href="#p"/><foreignObject><p>in svg</p></foreignObject><circle r="1"></circle></svg>
        <math><mi xml:lang="en">x</mi><annotation-xml encoding="text/html"><p>in math</p></annotation-xml></math>
        <template id="tpl"><li>one</li><li>two <b>bold</b></li></template>
        <noscript><p>no script &amp; more</p></noscript><xmp><b>& raw</b></xmp><iframe><b>& raw</b></iframe>
        <noembed><b>& raw</b></noembed><noframes><b>& raw</b></noframes>
        <ul><li>one<li>two</ul><p>unclosed <b>bold <i>both</b> italic</i></p>
        <a href="https://example.com/?a=1&b=2&amp;c=3">query</a><div hidden aria-hidden="true" style="display:none">hidden</div>
        <select><option selected>a<option>b</select><button disabled>b</button>
        <plaintext><b>& everything after is text</b></body></html>
        """;

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "awkward", "news" };
        for (var seed = 1; seed <= 12; seed++) pages.Add($"corpus:{seed}");
        for (var seed = 1; seed <= 40; seed++) pages.Add($"random:{seed}");
        return pages;
    }

    private static string PageHtml(string name) => name switch
    {
        "awkward" => AwkwardPage,
        "news" => NewsArticlePage.Html,
        _ when name.StartsWith("corpus:", StringComparison.Ordinal) => PageCorpus.Generate(
            (PageCorpus.PageKind)(int.Parse(name[7..], System.Globalization.CultureInfo.InvariantCulture) % 3),
            int.Parse(name[7..], System.Globalization.CultureInfo.InvariantCulture), 30_000),
        _ => "<html><body>" + RandomHtml.Generate(int.Parse(name[7..], System.Globalization.CultureInfo.InvariantCulture), maxDepth: 7) + "</body></html>",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void Serializes_as_AngleSharp_does(string page)
    {
        var html = PageHtml(page);
        foreach (var document in new[] { HtmlDocumentParser.Parse(html), HtmlDocumentParser.ParseForReading(html) })
        {
            Assert.Equal(document.ToHtml(), HtmlSerializer.Serialize(document));
            // Every element as a root: its outer HTML.
            var elements = document.All.ToList();
            Assert.NotEmpty(elements);
            foreach (var element in elements)
            {
                var expected = element.OuterHtml;
                var actual = HtmlSerializer.Serialize(element);
                if (expected != actual)
                {
                    Assert.Fail($"<{element.LocalName}> in {page}: first difference at {FirstDifference(expected, actual)}\nAngleSharp: {Around(expected, actual)}");
                }
            }
        }
    }

    [Fact]
    public void The_awkward_page_covers_what_the_rules_single_out()
    {
        var body = HtmlSerializer.Serialize(HtmlDocumentParser.Parse(AwkwardPage).Body!);
        Assert.Contains("<br><br><hr><img src=\"a.png\" alt=\"\"><input type=\"text\" value=\"v\" disabled=\"\">", body, StringComparison.Ordinal);
        Assert.Contains("title=\"nbsp:&nbsp; amp:&amp; quote:&quot; apos:' lt:&lt; gt:&gt;\"", body, StringComparison.Ordinal);
        Assert.Contains("Text with&nbsp;nbsp, &amp;, &lt;tag&gt;, \"quotes\"", body, StringComparison.Ordinal);
        Assert.Contains("<xmp><b>& raw</b></xmp>", body, StringComparison.Ordinal);
        Assert.Contains("<template id=\"tpl\"><li>one</li><li>two <b>bold</b></li></template>", body, StringComparison.Ordinal);
        Assert.Contains("<use xlink:href=\"#p\">", body, StringComparison.Ordinal);
        Assert.Contains("<pre>first line kept", body, StringComparison.Ordinal);
        Assert.Contains("<pre>\n\ntwo leading newlines</pre>", body, StringComparison.Ordinal);
        Assert.Contains("<!-- a comment -- with dashes -->", body, StringComparison.Ordinal);
        // Scripting is off when pages are parsed, so noscript's content is markup, escaped as such.
        Assert.Contains("<noscript><p>no script &amp; more</p></noscript>", body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Cleaned_html_is_what_cleaning_the_tree_in_place_gave(string page)
    {
        var html = PageHtml(page);
        foreach (var onlyMainContent in new[] { false, true })
        {
            var converted = PageConverter.Convert(html, PageUrl, ConversionOptions.Default with { OnlyMainContent = onlyMainContent });
            var document = HtmlDocumentParser.ParseForReading(html);
            var baseUrl = PageUrls.DocumentBase(document, PageUrl);
            var metadata = PageMetadata.Read(document, baseUrl);
            var content = MainContent.ApplyTagFilters(document, document.Body!, [], []);
            if (onlyMainContent) content = MainContent.Extract(content, metadata.Title, metadata.OgTitle);
            Assert.Equal(CleanedInPlace(content, baseUrl), converted.Html);
        }
    }

    [Fact]
    public void A_million_siblings_serialize_in_bounded_time()
    {
        const int links = 1_000_000;
        var html = new StringBuilder(links * 20 + 100).Append("<html><body>");
        for (var i = 0; i < links; i++) html.Append("<a href=/p").Append(i).Append(">l</a>");
        var document = HtmlDocumentParser.ParseForReading(html.Append("</body></html>").ToString());
        html.Clear();

        var clock = Stopwatch.StartNew();
        var cleaned = CleanedHtml.Render(document.Body!, PageUrl);
        var elapsed = clock.Elapsed;

        Assert.StartsWith("<body><a href=\"https://example.com/p0\">l</a>", cleaned, StringComparison.Ordinal);
        Assert.EndsWith("<a href=\"https://example.com/p999999\">l</a></body>", cleaned, StringComparison.Ordinal);
        // A second or two on a quiet machine; AngleSharp's OuterHtml did not finish 350,000 in a minute.
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"{elapsed}");
    }

    /// <summary>What <see cref="CleanedHtml"/> did before the serializer: comments and invisible elements removed from the tree, URLs rewritten in it, then AngleSharp's <c>OuterHtml</c>.</summary>
    private static string CleanedInPlace(IElement root, Uri baseUrl)
    {
        var removals = new List<INode>();
        foreach (var node in root.GetDescendants().ToList())
        {
            if (removals.Any(r => r.Contains(node))) continue;
            if (node is IComment || (node is IElement hidden && InvisibleElements.IsInvisible(hidden)))
            {
                removals.Add(node);
            }
            else if (node is IElement element)
            {
                foreach (var name in new[] { "href", "src", "poster", "action", "cite", "data-src" })
                {
                    if (element.GetAttribute(name) is { } value && !value.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && !value.StartsWith('#')
                        && PageUrls.Resolve(value, baseUrl) is { } absolute && absolute.Scheme != "javascript")
                    {
                        element.SetAttribute(name, absolute.AbsoluteUri);
                    }
                }
                if (element.GetAttribute("srcset") is { } srcset)
                {
                    element.SetAttribute("srcset", string.Join(", ", srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(candidate =>
                    {
                        var space = candidate.IndexOf(' ', StringComparison.Ordinal);
                        var url = space < 0 ? candidate : candidate[..space];
                        return PageUrls.Resolve(url, baseUrl) is { } absolute ? absolute.AbsoluteUri + (space < 0 ? "" : candidate[space..]) : candidate;
                    })));
                }
            }
        }
        foreach (var removal in removals) removal.Parent?.RemoveChild(removal);
        return root.OuterHtml;
    }

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }

    private static string Around(string expected, string actual)
    {
        var at = FirstDifference(expected, actual);
        string Cut(string s) => s.Substring(Math.Max(0, at - 60), Math.Min(s.Length, at + 60) - Math.Max(0, at - 60));
        return $"…{Cut(expected)}…\nours:       …{Cut(actual)}…";
    }
}
