using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ExtractApi.Scraping;

/// <summary>
/// The one way pages are parsed here: AngleSharp's HTML5 parser, scripting off, source positions not tracked, with nesting capped at
/// <see cref="HtmlNesting.MaxDepth"/> first (as browsers do), so parsing and every walk over the tree stay linear.
/// </summary>
public static class HtmlDocumentParser
{
    // A parser shares its browsing context between the documents it makes; one per thread keeps
    // concurrent scrapes from ever touching the same one.
    [ThreadStatic]
    private static HtmlParser? parser;

    [ThreadStatic]
    private static HtmlParser? contentParser;

    /// <summary>The whole document, script and style text and comments included.</summary>
    public static IHtmlDocument Parse(string html)
    {
        parser ??= new HtmlParser(new HtmlParserOptions { IsScripting = false, DisableElementPositionTracking = true });
        return parser.ParseDocument(HtmlNesting.CapDepth(html));
    }

    /// <summary>
    /// The document as a reader sees it: the text of scripts, styles and comments is skipped while parsing
    /// (their elements stay, empty). What <see cref="PageConverter"/> derives never reads that text, and on
    /// news pages, whose inline scripts are often larger than the article, skipping it saves much of the parse.
    /// </summary>
    public static IHtmlDocument ParseForReading(string html)
    {
        contentParser ??= new HtmlParser(new HtmlParserOptions
        {
            IsScripting = false,
            SkipScriptText = true,
            SkipRawText = true,
            SkipComments = true,
            // Nothing reads where in the source an element stood (parse errors are not reported): 6 % of the parse.
            DisableElementPositionTracking = true,
        });
        return contentParser.ParseDocument(HtmlNesting.CapDepth(html));
    }
}
