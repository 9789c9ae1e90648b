using System.Net;
using System.Text;

namespace ExtractApi.Scraping.Corpus;

/// <summary>
/// Random but well-formed HTML: blocks and inline elements nested in any order the parser keeps,
/// text full of Markdown-special characters. For property tests that look for inputs nobody thought of.
/// </summary>
public static class RandomHtml
{
    private static readonly string[] Blocks = ["p", "div", "blockquote", "ul", "ol", "h2", "h3", "pre", "table", "section", "dl"];
    private static readonly string[] Inlines = ["em", "strong", "code", "a", "span", "del", "sup", "br", "img"];
    private static readonly string[] Words =
    [
        "alpha", "beta", "*", "**", "_", "__x__", "#", "##", "1.", "2)", "-", "+", ">", "[", "]", "[x]", "`", "``", "\\", "|", "<", "&", "&amp;",
        "~~", "!", "=", "---", "***", "foo_bar", "(", ")", "\"", "'", "é", "日本", "😀", "a*b", "x_y_", "<b>", "![", "](", ":",
    ];

    public static string Generate(int seed, int maxDepth = 5)
    {
        var random = new Random(seed);
        var html = new StringBuilder();
        var blocks = random.Next(1, 6);
        for (var i = 0; i < blocks; i++)
        {
            AppendBlock(html, random, maxDepth);
        }

        return html.ToString();
    }

    private static void AppendBlock(StringBuilder html, Random random, int depth)
    {
        var tag = Blocks[random.Next(Blocks.Length)];
        switch (tag)
        {
            case "ul" or "ol":
                html.Append('<').Append(tag).Append('>');
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    html.Append("<li>");
                    AppendFlow(html, random, depth - 1);
                    html.Append("</li>");
                }

                html.Append("</").Append(tag).Append('>');
                return;
            case "table":
                var columns = random.Next(1, 4);
                html.Append("<table>");
                for (var r = random.Next(1, 4); r > 0; r--)
                {
                    html.Append("<tr>");
                    for (var c = 0; c < columns; c++)
                    {
                        html.Append(random.Next(3) == 0 ? "<th>" : "<td>");
                        AppendFlow(html, random, depth - 1);
                        html.Append("</td>");
                    }

                    html.Append("</tr>");
                }

                html.Append("</table>");
                return;
            case "dl":
                html.Append("<dl><dt>");
                AppendInline(html, random, depth - 1);
                html.Append("</dt><dd>");
                AppendFlow(html, random, depth - 1);
                html.Append("</dd></dl>");
                return;
            case "pre":
                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(Text(random, preserveLines: true))).Append("</code></pre>");
                return;
            case "p" or "h2" or "h3":
                html.Append('<').Append(tag).Append('>');
                AppendInline(html, random, depth - 1);
                html.Append("</").Append(tag).Append('>');
                return;
            default:
                html.Append('<').Append(tag).Append('>');
                AppendFlow(html, random, depth - 1);
                html.Append("</").Append(tag).Append('>');
                return;
        }
    }

    private static void AppendFlow(StringBuilder html, Random random, int depth)
    {
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            if (depth > 0 && random.Next(2) == 0)
            {
                AppendBlock(html, random, depth);
            }
            else
            {
                AppendInline(html, random, depth);
            }
        }
    }

    private static void AppendInline(StringBuilder html, Random random, int depth)
    {
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            if (depth <= 0 || random.Next(3) == 0)
            {
                html.Append(WebUtility.HtmlEncode(Text(random, preserveLines: false)));
                continue;
            }

            var tag = Inlines[random.Next(Inlines.Length)];
            switch (tag)
            {
                case "br":
                    html.Append("<br>");
                    break;
                case "img":
                    html.Append("<img src=\"/i/").Append(random.Next(100)).Append(".png\" alt=\"").Append(WebUtility.HtmlEncode(Text(random, false))).Append("\">");
                    break;
                case "a":
                    html.Append("<a href=\"/p/").Append(random.Next(100)).Append("_(x)\">");
                    AppendInline(html, random, depth - 1);
                    html.Append("</a>");
                    break;
                case "code":
                    html.Append("<code>").Append(WebUtility.HtmlEncode(Text(random, false))).Append("</code>");
                    break;
                default:
                    html.Append('<').Append(tag).Append('>');
                    AppendInline(html, random, depth - 1);
                    html.Append("</").Append(tag).Append('>');
                    break;
            }
        }
    }

    private static string Text(Random random, bool preserveLines)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            text.Append(Words[random.Next(Words.Length)]);
            text.Append(preserveLines && random.Next(4) == 0 ? "\n" : random.Next(5) == 0 ? "  " : " ");
        }

        return text.ToString();
    }
}
