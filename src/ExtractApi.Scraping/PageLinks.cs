using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>The pages a page links to, as Firecrawl's <c>links</c> format lists them.</summary>
public static class PageLinks
{
    /// <summary>Every <c>&lt;a href&gt;</c>, absolute, http(s) only, without fragment, first occurrence only, in document order.</summary>
    public static IReadOnlyList<string> Collect(IDocument document, Uri baseUrl)
    {
        var links = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in document.GetElementsByTagName("a"))
        {
            PageWork.Check();
            if (anchor.GetAttribute("href") is not { } href || PageUrls.Resolve(href, baseUrl) is not { } url || !PageUrls.IsHttp(url))
            {
                continue;
            }

            var withoutFragment = url.Fragment.Length > 0 ? url.GetLeftPart(UriPartial.Query) : url.AbsoluteUri;
            if (seen.Add(withoutFragment))
            {
                links.Add(withoutFragment);
            }
        }

        return links;
    }
}
