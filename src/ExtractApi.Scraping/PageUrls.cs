using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>Resolving the URLs a page contains against its base.</summary>
public static class PageUrls
{
    /// <summary>The URL relative references resolve against: the first <c>&lt;base href&gt;</c> if any, else the page URL.</summary>
    public static Uri DocumentBase(IDocument document, Uri pageUrl)
    {
        var baseHref = document.Head?.QuerySelector("base[href]")?.GetAttribute("href");
        return baseHref is not null && Resolve(baseHref, pageUrl) is { } resolved ? resolved : pageUrl;
    }

    /// <summary>The absolute URL <paramref name="reference"/> points to, or null when it is not a usable URL.</summary>
    public static Uri? Resolve(string reference, Uri baseUrl)
    {
        var trimmed = reference.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        return Uri.TryCreate(baseUrl, trimmed, out var absolute) ? absolute : null;
    }

    public static bool IsHttp(Uri url) => url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;
}
