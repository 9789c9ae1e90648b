using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>What one element holds, counted over its visible text: the measures content scoring works from.</summary>
internal sealed class BlockStats
{
    /// <summary>Characters of visible text that are not whitespace.</summary>
    public int Text { get; set; }

    /// <summary>Of <see cref="Text"/>, the characters inside links.</summary>
    public int LinkText { get; set; }

    public int Links { get; set; }

    public int Commas { get; set; }

    /// <summary>Characters of text directly in the element (not in a child element): a <c>&lt;div&gt;</c> used as a paragraph.</summary>
    public int OwnText { get; set; }

    /// <summary>Images, videos and embedded frames.</summary>
    public int Media { get; set; }

    /// <summary>Paragraph-like descendants (<c>p</c>, <c>pre</c>, <c>blockquote</c>) with some text.</summary>
    public int Paragraphs { get; set; }

    /// <summary>List items and form fields: the marks of menus, link farms and sign-up forms.</summary>
    public int ListItems { get; set; }

    public int Inputs { get; set; }

    /// <summary>Block quotes: quoted passages and embedded posts (tweets, Instagram posts are quotes without their script).</summary>
    public int Quotes { get; set; }

    /// <summary>Top-level headings (<c>h1</c>) with text: the page's title is in this element.</summary>
    public int Titles { get; set; }

    public double LinkDensity => Text == 0 ? 0 : (double)LinkText / Text;

    /// <summary>
    /// Counts every element under <paramref name="root"/> in one walk (each node visited once: deep pages stay linear).
    /// Elements a reader never sees are left out of the counts; those only main content leaves out (off-screen,
    /// hidden by class) are listed in <paramref name="offScreen"/>. Line breaks and SVG insides count into their
    /// parents but get no entry of their own.
    /// </summary>
    public static Dictionary<IElement, BlockStats> Measure(IElement root, List<IElement> offScreen)
    {
        var measured = new Dictionary<IElement, BlockStats>();
        var open = new Stack<(IElement Element, BlockStats Stats)>();
        open.Push((root, new BlockStats()));
        var linkDepth = 0;
        INode? node = root.FirstChild;
        while (true)
        {
            if (node is not null)
            {
                if (node is IElement element)
                {
                    if (InvisibleElements.IsUnseen(element, out var offScreenOnly))
                    {
                        if (offScreenOnly)
                        {
                            offScreen.Add(element);
                        }

                        node = node.FollowingSibling();
                        continue;
                    }

                    if (element.LocalName == "a")
                    {
                        linkDepth++;
                    }

                    open.Push((element, new BlockStats()));
                    node = element.FirstChild;
                    continue;
                }

                if (node is IText text)
                {
                    var (characters, commas) = Count(text.Data);
                    var stats = open.Peek().Stats;
                    stats.Text += characters;
                    stats.OwnText += characters;
                    stats.Commas += commas;
                    if (linkDepth > 0)
                    {
                        stats.LinkText += characters;
                    }
                }

                node = node.FollowingSibling();
                continue;
            }

            var (closed, closedStats) = open.Pop();
            if (!IsNeverLookedUp(closed.LocalName))
            {
                measured[closed] = closedStats;
            }

            if (open.Count == 0)
            {
                return measured;
            }

            switch (closed.LocalName)
            {
                case "a":
                    linkDepth--;
                    closedStats.Links++;
                    break;
                case "img" or "video" or "iframe" or "picture" or "svg" or "embed" or "object":
                    closedStats.Media++;
                    break;
                case "p" or "pre" or "blockquote" when closedStats.Text >= 20:
                    closedStats.Paragraphs++;
                    closedStats.Quotes += closed.LocalName == "blockquote" ? 1 : 0;
                    break;
                case "h1" when closedStats.Text > 0:
                    closedStats.Titles++;
                    break;
                case "li":
                    closedStats.ListItems++;
                    break;
                case "input" or "select" or "textarea" or "button":
                    closedStats.Inputs++;
                    break;
            }

            var parent = open.Peek().Stats;
            parent.Text += closedStats.Text;
            parent.LinkText += closedStats.LinkText;
            parent.Links += closedStats.Links;
            parent.Commas += closedStats.Commas;
            parent.Media += closedStats.Media;
            parent.Paragraphs += closedStats.Paragraphs;
            parent.ListItems += closedStats.ListItems;
            parent.Inputs += closedStats.Inputs;
            parent.Titles += closedStats.Titles;
            parent.Quotes += closedStats.Quotes;
            if (!IsBlock(closed.LocalName))
            {
                // Text in inline children (<a>, <em>, <span>) is still the parent's own running text.
                parent.OwnText += closedStats.OwnText;
            }

            node = closed.FollowingSibling();
        }
    }

    /// <summary>
    /// Line breaks, the sources and options of media and selects, and the insides of SVG drawings: no step asks
    /// for their counts (what they hold counts in their parents'), and leaving them out of the map saves hashing
    /// each (an object's first hash code is the costliest part of the map).
    /// </summary>
    private static bool IsNeverLookedUp(string name) => name is "br" or "wbr" or "source" or "track" or "param" or "col"
        or "option" or "path" or "g" or "use" or "circle" or "rect" or "polygon" or "polyline" or "line" or "ellipse"
        or "defs" or "symbol" or "stop" or "lineargradient" or "radialgradient" or "clippath" or "mask";

    private static bool IsBlock(string name) => name is "p" or "div" or "section" or "article" or "main" or "ul" or "ol" or "li"
        or "table" or "tr" or "td" or "th" or "tbody" or "thead" or "tfoot" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6"
        or "pre" or "blockquote" or "figure" or "figcaption" or "header" or "footer" or "aside" or "nav" or "form" or "dl"
        or "dd" or "dt" or "br" or "hr" or "address" or "details" or "fieldset";

    private static (int Characters, int Commas) Count(string data)
    {
        var characters = 0;
        var commas = 0;
        foreach (var c in data)
        {
            if (!char.IsWhiteSpace(c))
            {
                characters++;
                if (c is ',' or '،' or '，')
                {
                    commas++;
                }
            }
        }

        return (characters, commas);
    }
}
