using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>The pages a page links to, as Firecrawl's <c>links</c> format lists them.</summary>
public static class PageLinks
{
    /// <summary>Every <c>&lt;a href&gt;</c>, absolute, http(s) only, without fragment, first occurrence only, in document order.</summary>
    public static IReadOnlyList<string> Collect(IDocument document, Uri baseUrl) => Collect(document, new PageUrlResolver(baseUrl));

    /// <summary><see cref="Collect(IDocument, Uri)"/> with the page's URL references resolved by <paramref name="urls"/>.</summary>
    internal static IReadOnlyList<string> Collect(IDocument document, PageUrlResolver urls)
    {
        var links = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in document.GetElementsByTagName("a"))
        {
            PageWork.Check();
            if (anchor.GetAttribute("href") is not { } href || urls.Absolute(href) is not { } url
                || !(PageUrlResolver.HasScheme(url, "http") || PageUrlResolver.HasScheme(url, "https")))
            {
                continue;
            }

            // An absolute URL's first '#' starts its fragment.
            var fragment = url.IndexOf('#', StringComparison.Ordinal);
            var withoutFragment = fragment < 0 ? url : url[..fragment];
            if (seen.Add(withoutFragment))
            {
                links.Add(withoutFragment);
            }
        }

        return links;
    }
}
