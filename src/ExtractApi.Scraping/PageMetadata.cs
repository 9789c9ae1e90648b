using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// What the page says about itself in its head. Property names follow Firecrawl's metadata
/// (camelCase when serialized: <c>ogTitle</c>, <c>ogSiteName</c>...); URLs are absolute.
/// </summary>
public sealed record PageMetadata
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Language { get; init; }
    public string? Keywords { get; init; }
    public string? Robots { get; init; }
    public string? CanonicalUrl { get; init; }
    public string? Favicon { get; init; }
    public string? OgTitle { get; init; }
    public string? OgDescription { get; init; }
    public string? OgUrl { get; init; }
    public string? OgImage { get; init; }
    public string? OgType { get; init; }
    public string? OgSiteName { get; init; }
    public string? OgLocale { get; init; }
    public IReadOnlyList<string> OgLocaleAlternate { get; init; } = [];
    public string? OgAudio { get; init; }
    public string? OgVideo { get; init; }
    public string? OgDeterminer { get; init; }
    public string? TwitterCard { get; init; }
    public string? TwitterSite { get; init; }
    public string? TwitterCreator { get; init; }
    public string? TwitterTitle { get; init; }
    public string? TwitterDescription { get; init; }
    public string? TwitterImage { get; init; }

    /// <summary>Every named meta tag (<c>name</c>, <c>property</c> or <c>itemprop</c> → <c>content</c>, first one wins), for the fields above and any others a client asks about.</summary>
    public IReadOnlyDictionary<string, string> MetaTags { get; init; } = new Dictionary<string, string>();

    public static PageMetadata Read(IDocument document, Uri baseUrl)
    {
        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var localeAlternates = new List<string>();
        string? contentLanguage = null;
        foreach (var element in document.GetElementsByTagName("meta"))
        {
            var content = element.GetAttribute("content")?.Trim();
            if (string.IsNullOrEmpty(content))
            {
                continue;
            }

            if ("content-language".Equals(element.GetAttribute("http-equiv"), StringComparison.OrdinalIgnoreCase))
            {
                contentLanguage ??= content;
            }

            var key = (element.GetAttribute("name") ?? element.GetAttribute("property") ?? element.GetAttribute("itemprop"))?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                continue;
            }

            if (key.Equals("og:locale:alternate", StringComparison.OrdinalIgnoreCase))
            {
                localeAlternates.Add(content);
            }

            meta.TryAdd(key, content);
        }

        string? Meta(string key) => meta.GetValueOrDefault(key);
        string? Url(string? reference) => reference is null ? null : PageUrls.Resolve(reference, baseUrl)?.AbsoluteUri ?? reference;

        var title = document.Title?.Trim();
        var language = document.DocumentElement?.GetAttribute("lang")?.Trim();
        return new PageMetadata
        {
            Title = string.IsNullOrEmpty(title) ? null : title,
            Description = Meta("description"),
            Language = string.IsNullOrEmpty(language) ? contentLanguage : language,
            Keywords = Meta("keywords"),
            Robots = Meta("robots"),
            CanonicalUrl = Url(LinkHref(document, rel => rel.Equals("canonical", StringComparison.OrdinalIgnoreCase))),
            Favicon = Url(LinkHref(document, IsIconRel)),
            OgTitle = Meta("og:title"),
            OgDescription = Meta("og:description"),
            OgUrl = Url(Meta("og:url")),
            OgImage = Url(Meta("og:image") ?? Meta("og:image:url")),
            OgType = Meta("og:type"),
            OgSiteName = Meta("og:site_name"),
            OgLocale = Meta("og:locale"),
            OgLocaleAlternate = localeAlternates,
            OgAudio = Url(Meta("og:audio")),
            OgVideo = Url(Meta("og:video")),
            OgDeterminer = Meta("og:determiner"),
            TwitterCard = Meta("twitter:card"),
            TwitterSite = Meta("twitter:site"),
            TwitterCreator = Meta("twitter:creator"),
            TwitterTitle = Meta("twitter:title"),
            TwitterDescription = Meta("twitter:description"),
            TwitterImage = Url(Meta("twitter:image") ?? Meta("twitter:image:src")),
            MetaTags = meta,
        };
    }

    private static string? LinkHref(IDocument document, Func<string, bool> relMatches)
    {
        foreach (var link in document.GetElementsByTagName("link"))
        {
            var href = link.GetAttribute("href");
            if (string.IsNullOrWhiteSpace(href) || link.GetAttribute("rel") is not { } rel)
            {
                continue;
            }

            if (relMatches(rel.Trim()))
            {
                return href;
            }
        }

        return null;
    }

    // "icon" and "shortcut icon" are the favicon; "apple-touch-icon" and "mask-icon" are other artwork.
    private static bool IsIconRel(string rel)
    {
        foreach (var range in rel.AsSpan().SplitAny(" \t\n\r\f"))
        {
            if (rel.AsSpan(range).Equals("icon", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
