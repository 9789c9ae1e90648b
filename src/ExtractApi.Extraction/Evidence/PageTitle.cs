using System.Text;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>
/// The title a reader sees: the visible heading that the page's <c>&lt;title&gt;</c> (or <c>og:title</c>)
/// begins with, so "Fantasy in Death by J. D. Robb (Hardcover): shop.com" gives the heading "Fantasy in
/// Death"; without such a heading, the title with the site's name cut off (" | Site", " - Site.com", ": site.com").
/// </summary>
internal static class PageTitle
{
    private static readonly string[] Separators = [" | ", " - ", " — ", " – ", " :: ", " · ", " » ", ": "];

    public static string? Find(IDocument document, Uri? pageUrl)
    {
        var documentTitle = Clean(document.Title);
        var ogTitle = Clean(document.QuerySelector("meta[property='og:title' i][content], meta[name='og:title' i][content], meta[name='twitter:title' i][content]")?.GetAttribute("content"));
        var siteName = Clean(document.QuerySelector("meta[property='og:site_name' i][content]")?.GetAttribute("content"));
        var titles = new[] { ogTitle, documentTitle }.Where(t => t.Length > 0).Select(t => (Text: t, Key: Key(t))).ToList();
        if (titles.Count == 0)
        {
            return null;
        }
        if (document.Body is { } body)
        {
            // h1 first, then h2, then h3; in page order within a level; not the site's logo heading.
            foreach (var level in new[] { "h1", "h2", "h3" })
            {
                foreach (var heading in body.GetElementsByTagName(level).Take(20))
                {
                    if (IsPageFurniture(heading) || Visibility.IsHiddenWithAncestors(heading))
                    {
                        continue;
                    }
                    foreach (var shown in HeadingTexts(heading))
                    {
                        var key = Key(shown);
                        if (key.Length >= 2 && titles.Any(t => t.Key == key || (t.Key.StartsWith(key, StringComparison.Ordinal) && t.Key.Length > key.Length && !IsSite(key, siteName, pageUrl))))
                        {
                            return shown;
                        }
                    }
                }
            }
        }
        return WithoutSiteName(titles[0].Text, siteName, pageUrl);
    }

    /// <summary>A heading's visible text, then (for "Title <span>(Hardcover)</span>") its own text without its child elements.</summary>
    private static IEnumerable<string> HeadingTexts(IElement heading)
    {
        yield return Clean(PageEvidence.VisibleText(heading));
        var own = new StringBuilder();
        foreach (var child in heading.ChildNodes)
        {
            if (child is IText text)
            {
                own.Append(text.Data);
            }
            else if (child is IElement { LocalName: "a" or "b" or "strong" or "em" or "i" } inline && !Visibility.IsHidden(inline))
            {
                own.Append(PageEvidence.VisibleText(inline));
            }
        }
        yield return Clean(own.ToString());
    }

    private static bool IsPageFurniture(IElement element)
    {
        for (var current = element.ParentElement; current is not null; current = current.ParentElement)
        {
            if (current.LocalName is "header" or "nav" or "footer" || current.GetAttribute("role") is "banner" or "navigation" or "contentinfo")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"Title | Site", "Title - Site.com", "Site: Title" → "Title", when the cut part is the site's name or a domain.</summary>
    public static string WithoutSiteName(string title, string siteName, Uri? pageUrl)
    {
        foreach (var separator in Separators)
        {
            var last = title.LastIndexOf(separator, StringComparison.Ordinal);
            if (last > 0 && IsSite(Key(title[(last + separator.Length)..]), siteName, pageUrl))
            {
                return WithoutSiteName(title[..last].Trim(), siteName, pageUrl);
            }
            var first = title.IndexOf(separator, StringComparison.Ordinal);
            if (first > 0 && IsSite(Key(title[..first]), siteName, pageUrl) && title.Length - first - separator.Length > 0)
            {
                return WithoutSiteName(title[(first + separator.Length)..].Trim(), siteName, pageUrl);
            }
        }
        return title;
    }

    private static bool IsSite(string key, string siteName, Uri? pageUrl)
    {
        if (key.Length == 0)
        {
            return false;
        }
        if (siteName.Length > 0 && key == Key(siteName))
        {
            return true;
        }
        // "shop.com", "www.news.co.uk"
        if (!key.Contains(' ', StringComparison.Ordinal) && key.Contains('.', StringComparison.Ordinal) && key.Split('.')[^1] is { Length: >= 2 and <= 24 } top && top.All(char.IsLetter))
        {
            return true;
        }
        var host = pageUrl?.Host.ToLowerInvariant() ?? "";
        var squeezed = key.Replace(" ", "", StringComparison.Ordinal);
        return host.Length > 0 && squeezed.Length >= 3 && host.Split('.').Any(label => label == squeezed);
    }

    private static string Clean(string? text) => text is null ? "" : ValueCoercion.CollapseWhitespace(text).Trim();

    /// <summary>Lower case, letters, digits and dots, single spaces: how titles are compared.</summary>
    private static string Key(string text)
    {
        var key = new StringBuilder(text.Length);
        var gap = false;
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c == '.')
            {
                if (gap && key.Length > 0)
                {
                    key.Append(' ');
                }
                gap = false;
                key.Append(c);
            }
            else
            {
                gap = true;
            }
        }
        return key.ToString().Trim('.');
    }
}
