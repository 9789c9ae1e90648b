using System.Globalization;
using System.Net;
using System.Text;

namespace ExtractApi.Scraping.Corpus;

/// <summary>
/// Realistic-looking pages generated in code (deterministic per seed): news articles with site
/// furniture, product listings, and documentation pages with code and tables. Shared by the
/// round-trip tests and the benchmark (linked there as a source file), so both see the same kinds of page.
/// </summary>
public static class PageCorpus
{
    public enum PageKind
    {
        Article,
        ProductListing,
        Documentation,
    }

    // Ordinary words, plus text that Markdown would misread if it were not escaped.
    private static readonly string[] Words =
    [
        "the", "market", "data", "shows", "growth", "in", "several", "regions", "while", "analysts", "expect", "a",
        "slower", "quarter", "server", "request", "response", "latency", "budget", "team", "city", "council", "plan",
        "über", "café", "naïve", "東京", "данные", "2×", "5*3", "snake_case", "[draft]", "a|b", "C#", "x<y", "AT&T",
        "`tick`", "~approx", "100%", "#tag", "back\\slash", "_lead", "trail_", "€12", "—", "«quote»", "(see)",
    ];

    private static readonly string[] Languages = ["python", "csharp", "js", "bash", "json", "sql"];

    public static string Generate(PageKind kind, int seed, int approximateBytes)
    {
        var random = new Random(seed);
        var page = new StringBuilder(approximateBytes + 4096);
        var title = Sentence(random, 4, 8);
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(title)).Append("</title><meta name=\"description\" content=\"")
            .Append(Encode(Sentence(random, 10, 20))).Append("\"><meta property=\"og:title\" content=\"")
            .Append(Encode(title)).Append("\"><link rel=\"canonical\" href=\"/page/").Append(seed)
            .Append("\"><style>body{font-family:sans-serif}.x{display:none}</style>")
            .Append("<script>window.dataLayer=[];function track(e){return '<p>'+e+'</p>';}</script></head><body>");
        AppendSiteHeader(page, random);
        switch (kind)
        {
            case PageKind.Article:
                AppendArticle(page, random, title, approximateBytes);
                break;
            case PageKind.ProductListing:
                AppendProductListing(page, random, title, approximateBytes);
                break;
            case PageKind.Documentation:
                AppendDocumentation(page, random, title, approximateBytes);
                break;
        }

        AppendSiteFooter(page, random);
        page.Append("<script src=\"/static/app.js\"></script></body></html>");
        return page.ToString();
    }

    /// <summary>A mix of the three kinds, sizes spread over [minBytes, maxBytes].</summary>
    public static IReadOnlyList<string> Build(int count, int minBytes, int maxBytes, int seed = 1)
    {
        var random = new Random(seed);
        var pages = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = (PageKind)(i % 3);
            pages.Add(Generate(kind, seed * 1000 + i, random.Next(minBytes, maxBytes + 1)));
        }

        return pages;
    }

    private static void AppendSiteHeader(StringBuilder page, Random random)
    {
        page.Append("<div id=\"cookie-banner\" class=\"consent\"><p>We use cookies to improve your experience.</p><button>Accept all</button></div>");
        page.Append("<header class=\"site-header\"><a href=\"/\"><img src=\"/logo.svg\" alt=\"Daily Example\"></a><nav><ul>");
        for (var i = 0; i < 8; i++)
        {
            page.Append("<li><a href=\"/section/").Append(i).Append("\">").Append(Encode(Word(random))).Append("</a></li>");
        }

        page.Append("</ul></nav></header>");
    }

    private static void AppendSiteFooter(StringBuilder page, Random random)
    {
        page.Append("<footer><div class=\"footer-links\">");
        for (var i = 0; i < 12; i++)
        {
            page.Append("<a href=\"/about/").Append(i).Append("\">").Append(Encode(Word(random))).Append("</a> ");
        }

        page.Append("</div><p>&copy; 2026 Example Media</p></footer>");
    }

    private static void AppendArticle(StringBuilder page, Random random, string title, int approximateBytes)
    {
        page.Append("<main><article><header><h1>").Append(Encode(title)).Append("</h1><p class=\"byline\">By <a href=\"/authors/ann\">Ann Writer</a> · <time>2026-11-23</time></p></header>");
        var section = 0;
        while (page.Length < approximateBytes)
        {
            page.Append("<h2>").Append(Encode(Sentence(random, 3, 7))).Append(' ').Append(section++).Append("</h2>");
            for (var p = 0; p < 4; p++)
            {
                AppendParagraph(page, random);
            }

            switch (random.Next(5))
            {
                case 0:
                    page.Append("<blockquote><p>").Append(Encode(Sentence(random, 8, 20))).Append("</p><p>— <cite>").Append(Encode(Word(random))).Append("</cite></p></blockquote>");
                    break;
                case 1:
                    page.Append("<figure><img src=\"/images/").Append(random.Next(1000)).Append(".jpg\" alt=\"").Append(Encode(Sentence(random, 3, 6)))
                        .Append("\" loading=\"lazy\"><figcaption>").Append(Encode(Sentence(random, 5, 10))).Append("</figcaption></figure>");
                    break;
                case 2:
                    AppendList(page, random, ordered: random.Next(2) == 0, depth: 0);
                    break;
                case 3:
                    page.Append("<div class=\"ad-slot\"><p>Advertisement</p><a href=\"https://ads.example.net/click?id=").Append(random.Next()).Append("\">Buy now</a></div>");
                    break;
                default:
                    page.Append("<div class=\"share-buttons\"><a href=\"https://social.example/share\">Share</a><a href=\"https://mail.example/share\">Email</a></div>");
                    break;
            }
        }

        page.Append("</article><aside class=\"sidebar\"><h3>Most read</h3><ul>");
        for (var i = 0; i < 5; i++)
        {
            page.Append("<li><a href=\"/story/").Append(random.Next(10_000)).Append("\">").Append(Encode(Sentence(random, 4, 8))).Append("</a></li>");
        }

        page.Append("</ul></aside></main>");
    }

    private static void AppendProductListing(StringBuilder page, Random random, string title, int approximateBytes)
    {
        page.Append("<main><h1>").Append(Encode(title)).Append("</h1><div class=\"grid\">");
        var product = 0;
        while (page.Length < approximateBytes)
        {
            var id = random.Next(100_000);
            page.Append("<div class=\"card\"><a href=\"/products/").Append(id).Append("\"><img src=\"https://cdn.example.com/p/").Append(id)
                .Append(".webp\" alt=\"").Append(Encode(Sentence(random, 2, 4))).Append("\"></a><h3><a href=\"/products/").Append(id).Append("\">")
                .Append(Encode(Sentence(random, 2, 5))).Append(' ').Append(product++).Append("</a></h3><p class=\"price\"><strong>$")
                .Append(random.Next(5, 500)).Append('.').Append(random.Next(10, 99)).Append("</strong> <del>$").Append(random.Next(500, 900))
                .Append("</del></p><p>").Append(Encode(Sentence(random, 8, 20))).Append("</p>");
            if (random.Next(3) == 0)
            {
                page.Append("<table class=\"specs\"><tr><td>Weight</td><td>").Append(random.Next(1, 20)).Append(" kg</td></tr><tr><td>Colour</td><td>")
                    .Append(Encode(Word(random))).Append("</td></tr></table>");
            }

            page.Append("<span class=\"rating\" aria-hidden=\"true\">★★★★☆</span></div>");
        }

        page.Append("</div><nav class=\"pagination\"><a href=\"?page=1\">1</a> <a href=\"?page=2\">2</a> <a href=\"?page=3\">Next</a></nav></main>");
    }

    private static void AppendDocumentation(StringBuilder page, Random random, string title, int approximateBytes)
    {
        page.Append("<div class=\"docs-layout\"><aside class=\"docs-sidebar\"><ul>");
        for (var i = 0; i < 15; i++)
        {
            page.Append("<li><a href=\"/docs/topic-").Append(i).Append("\">").Append(Encode(Word(random))).Append("</a></li>");
        }

        page.Append("</ul></aside><main class=\"content\"><h1>").Append(Encode(title)).Append("</h1>");
        var section = 0;
        while (page.Length < approximateBytes)
        {
            page.Append("<h2 id=\"s").Append(section).Append("\">").Append(Encode(Sentence(random, 2, 5))).Append(' ').Append(section++).Append("</h2>");
            AppendParagraph(page, random);
            var language = Languages[random.Next(Languages.Length)];
            page.Append("<pre><code class=\"language-").Append(language).Append("\">");
            var lines = random.Next(4, 20);
            for (var line = 0; line < lines; line++)
            {
                page.Append(new string(' ', 4 * random.Next(3))).Append("<span class=\"kw\">let</span> ").Append(Encode(Word(random)))
                    .Append(" = ").Append(Encode(random.Next(4) == 0 ? "\"``\" + x * y_z" : "call(a, b) | filter")).Append(";\n");
                if (random.Next(6) == 0)
                {
                    page.Append('\n');
                }
            }

            page.Append("</code></pre>");
            if (random.Next(2) == 0)
            {
                AppendTable(page, random);
            }

            AppendList(page, random, ordered: random.Next(2) == 0, depth: 0);
            if (random.Next(3) == 0)
            {
                page.Append("<dl><dt><code>").Append(Encode(Word(random))).Append("</code></dt><dd>").Append(Encode(Sentence(random, 6, 14))).Append("</dd></dl>");
            }

            page.Append("<div class=\"note\"><p><strong>Note:</strong> ").Append(Encode(Sentence(random, 6, 14))).Append("</p></div>");
        }

        page.Append("</main></div>");
    }

    private static void AppendTable(StringBuilder page, Random random)
    {
        var columns = random.Next(2, 6);
        var withHead = random.Next(2) == 0;
        page.Append("<table>");
        page.Append(withHead ? "<thead><tr>" : "<tr>");
        for (var c = 0; c < columns; c++)
        {
            page.Append(withHead ? "<th>" : "<td>").Append(Encode(Word(random))).Append(' ').Append(c).Append(withHead ? "</th>" : "</td>");
        }

        page.Append(withHead ? "</tr></thead><tbody>" : "</tr>");
        var rows = random.Next(2, 12);
        for (var r = 0; r < rows; r++)
        {
            page.Append("<tr>");
            for (var c = 0; c < columns; c++)
            {
                page.Append("<td>");
                switch (random.Next(4))
                {
                    case 0:
                        page.Append("<code>").Append(Encode(Word(random))).Append("</code>");
                        break;
                    case 1:
                        page.Append("<a href=\"/ref/").Append(random.Next(1000)).Append("\">").Append(Encode(Word(random))).Append("</a>");
                        break;
                    default:
                        page.Append(Encode(Sentence(random, 1, 5)));
                        break;
                }

                page.Append("</td>");
            }

            page.Append("</tr>");
        }

        page.Append(withHead ? "</tbody></table>" : "</table>");
    }

    private static void AppendList(StringBuilder page, Random random, bool ordered, int depth)
    {
        page.Append(ordered ? "<ol>" : "<ul>");
        var items = random.Next(2, 6);
        for (var i = 0; i < items; i++)
        {
            page.Append("<li>").Append(Encode(Sentence(random, 3, 10)));
            if (depth < 2 && random.Next(4) == 0)
            {
                AppendList(page, random, random.Next(2) == 0, depth + 1);
            }

            page.Append("</li>");
        }

        page.Append(ordered ? "</ol>" : "</ul>");
    }

    private static void AppendParagraph(StringBuilder page, Random random)
    {
        page.Append("<p>");
        var sentences = random.Next(2, 6);
        for (var s = 0; s < sentences; s++)
        {
            switch (random.Next(8))
            {
                case 0:
                    page.Append("<a href=\"https://example.org/").Append(Word(random).Length).Append('/').Append(random.Next(10_000)).Append("\">")
                        .Append(Encode(Sentence(random, 1, 4))).Append("</a> ");
                    break;
                case 1:
                    page.Append("<em>").Append(Encode(Sentence(random, 1, 3))).Append("</em> ");
                    break;
                case 2:
                    page.Append("<strong>").Append(Encode(Sentence(random, 1, 3))).Append("</strong> ");
                    break;
                case 3:
                    page.Append("<code>").Append(Encode(Word(random))).Append("</code> ");
                    break;
                default:
                    page.Append(Encode(Sentence(random, 5, 18))).Append(". ");
                    break;
            }
        }

        page.Append("</p>\n");
    }

    private static string Sentence(Random random, int minWords, int maxWords)
    {
        var count = random.Next(minWords, maxWords + 1);
        var sentence = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sentence.Append(' ');
            }

            sentence.Append(Word(random));
        }

        if (sentence.Length > 0)
        {
            sentence[0] = char.ToUpper(sentence[0], CultureInfo.InvariantCulture);
        }

        return sentence.ToString();
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
