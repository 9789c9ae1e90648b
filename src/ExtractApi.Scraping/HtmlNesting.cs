using System.Text;

namespace ExtractApi.Scraping;

/// <summary>
/// Caps how deep elements nest before the HTML parser sees them, as browsers do (Blink and WebKit stop nesting at 512
/// open elements). The HTML5 tree builder checks its stack of open elements for most start tags, so a document nested
/// N deep costs N² (100,000 nested <c>&lt;div&gt;</c> took over a minute), and every recursive walk over the tree is as
/// deep as the document. One linear pass over the text tracks the open elements (with the implied end tags of
/// paragraphs, list items, options and table cells, so ordinary pages never come near the cap) and leaves out the
/// start and end tags of elements that would open deeper than <see cref="MaxDepth"/>; their text and children stay,
/// one level up. Pages within the cap are returned as they are, the same string.
/// </summary>
public static class HtmlNesting
{
    /// <summary>The deepest an element may open (Blink's and WebKit's parser limit).</summary>
    public const int MaxDepth = 512;

    /// <summary>How far down the open elements an end tag looks for its start tag (as a parser's scope is bounded).</summary>
    private const int EndTagReach = 64;

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    };

    /// <summary>Start tags that end an open paragraph.</summary>
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
    };

    /// <summary>The tag names most pages are made of, in lower case as written (others are read into a string each).</summary>
    private static readonly Dictionary<string, string> KnownNames = new[]
    {
        "a", "abbr", "article", "aside", "b", "blockquote", "body", "br", "button", "caption", "code", "dd", "div", "dl", "dt", "em",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "img",
        "input", "label", "li", "link", "main", "meta", "nav", "ol", "option", "p", "path", "picture", "pre", "script", "section",
        "select", "small", "source", "span", "strong", "style", "sub", "sup", "svg", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "title", "tr", "u", "ul",
    }.ToDictionary(n => n, StringComparer.Ordinal);

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownNameLookup =
        KnownNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The HTML with no element opening deeper than <paramref name="maxDepth"/>; the same string when none does.</summary>
    public static string CapDepth(string html, int maxDepth = MaxDepth)
    {
        ArgumentNullException.ThrowIfNull(html);
        var open = new List<(string Name, bool Dropped)>();
        var kept = 0;
        StringBuilder? output = null;
        var copied = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length) break;
            var next = html[lt + 1];
            if (char.IsAsciiLetter(next))
            {
                var (name, end, selfClosing) = ReadTag(html, lt + 1);
                i = end;
                if (selfClosing || Void.Contains(name)) continue;
                if (RawText.Contains(name))
                {
                    i = SkipRawText(html, end, name); // text up to its own end tag: it holds no elements
                    continue;
                }
                if (name == "plaintext") break;
                CloseImplied(open, name, ref kept);
                var drop = kept >= maxDepth;
                open.Add((name, drop));
                if (drop) Skip(ref output, html, ref copied, lt, end);
                else kept++;
            }
            else if (next == '/' && lt + 2 < html.Length && char.IsAsciiLetter(html[lt + 2]))
            {
                var (name, end, _) = ReadTag(html, lt + 2);
                i = end;
                var at = -1;
                for (var k = open.Count - 1; k >= Math.Max(0, open.Count - EndTagReach); k--)
                {
                    if (open[k].Name == name)
                    {
                        at = k;
                        break;
                    }
                }
                if (at < 0) continue; // a stray end tag: the parser deals with it as it would have
                if (open[at].Dropped) Skip(ref output, html, ref copied, lt, end);
                for (var k = open.Count - 1; k >= at; k--)
                {
                    if (!open[k].Dropped) kept--;
                }
                open.RemoveRange(at, open.Count - at);
            }
            else if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var close = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = close < 0 ? html.Length : close + 3;
            }
            else if (next is '!' or '?' or '/')
            {
                var close = html.IndexOf('>', lt + 1);
                i = close < 0 ? html.Length : close + 1;
            }
            else
            {
                i = lt + 1; // a '<' in text
            }
        }
        if (output is null) return html;
        output.Append(html, copied, html.Length - copied);
        return output.ToString();
    }

    /// <summary>Leaves out <c>html[start..end)</c> from the output.</summary>
    private static void Skip(ref StringBuilder? output, string html, ref int copied, int start, int end)
    {
        output ??= new StringBuilder(html.Length);
        output.Append(html, copied, start - copied);
        copied = end;
    }

    /// <summary>The end tags a start tag implies (an open paragraph, list item, option, row or cell of the same kind).</summary>
    private static void CloseImplied(List<(string Name, bool Dropped)> open, string name, ref int kept)
    {
        if (open.Count == 0) return;
        if (open[^1].Name == "p" && ClosesParagraph.Contains(name)) Pop(open, open.Count - 1, ref kept);
        string[]? closes = name switch
        {
            "li" => ["li"],
            "dt" or "dd" => ["dt", "dd"],
            "option" => ["option"],
            "tr" => ["tr", "td", "th"],
            "td" or "th" => ["td", "th"],
            "thead" or "tbody" or "tfoot" => ["thead", "tbody", "tfoot", "tr", "td", "th"],
            _ => null,
        };
        if (closes is null) return;
        // Only near the top, as far as a list item's own content usually goes: a nested list starts its own items.
        for (var k = open.Count - 1; k >= Math.Max(0, open.Count - 8); k--)
        {
            var current = open[k].Name;
            if (current is "ul" or "ol" or "dl" or "table" or "select") return;
            if (Array.IndexOf(closes, current) >= 0)
            {
                var from = k;
                while (from > 0 && Array.IndexOf(closes, open[from - 1].Name) >= 0) from--;
                Pop(open, from, ref kept);
                return;
            }
        }
    }

    private static void Pop(List<(string Name, bool Dropped)> open, int from, ref int kept)
    {
        for (var k = open.Count - 1; k >= from; k--)
        {
            if (!open[k].Dropped) kept--;
        }
        open.RemoveRange(from, open.Count - from);
    }

    /// <summary>The tag's lowercase name, the index after its '&gt;', and whether it ends in "/&gt;".</summary>
    private static (string Name, int End, bool SelfClosing) ReadTag(string html, int nameStart)
    {
        var j = nameStart;
        while (j < html.Length && html[j] is not (' ' or '\t' or '\n' or '\r' or '\f' or '/' or '>')) j++;
        var span = html.AsSpan(nameStart, j - nameStart);
        // The usual names come from a table rather than a new string per tag (a page has hundreds of thousands).
        var name = KnownNameLookup.TryGetValue(span, out var known) ? known : span.ToString().ToLowerInvariant();
        while (j < html.Length && html[j] != '>')
        {
            if (html[j] == '=')
            {
                j++;
                while (j < html.Length && html[j] is ' ' or '\t' or '\n' or '\r' or '\f') j++;
                if (j < html.Length && html[j] is '"' or '\'')
                {
                    var close = html.IndexOf(html[j], j + 1);
                    if (close < 0) return (name, html.Length, false);
                    j = close + 1;
                    continue;
                }
                continue;
            }
            j++;
        }
        var selfClosing = j < html.Length && j > nameStart && html[j - 1] == '/';
        return (name, Math.Min(j + 1, html.Length), selfClosing);
    }

    /// <summary>The index after the raw text element's end tag (its content is text, not tags).</summary>
    private static int SkipRawText(string html, int from, string name)
    {
        var search = from;
        while (true)
        {
            var close = html.IndexOf("</", search, StringComparison.Ordinal);
            if (close < 0) return html.Length;
            if (string.Compare(html, close + 2, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                var end = html.IndexOf('>', close + 2);
                return end < 0 ? html.Length : end + 1;
            }
            search = close + 2;
        }
    }
}
