using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ExtractApi.Scraping;

/// <summary>The one way pages are parsed here: AngleSharp's HTML5 parser, scripting off.</summary>
public static class HtmlDocumentParser
{
    // A parser shares its browsing context between the documents it makes; one per thread keeps
    // concurrent scrapes from ever touching the same one.
    [ThreadStatic]
    private static HtmlParser? parser;

    public static IHtmlDocument Parse(string html)
    {
        parser ??= new HtmlParser(new HtmlParserOptions { IsScripting = false });
        return parser.ParseDocument(html);
    }
}
