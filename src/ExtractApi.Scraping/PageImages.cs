using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>The images of a page, as Linkup's fetch lists them with <c>extractImages</c>.</summary>
public static class PageImages
{
    /// <summary>
    /// Every <c>&lt;img&gt;</c> (and <c>&lt;picture&gt;</c> source) with an http(s) address, absolute, first occurrence
    /// only, in document order. Lazy-loading attributes (<c>data-src</c>) count when <c>src</c> is missing or an inline
    /// placeholder; inline <c>data:</c> images and 1×1 tracking pixels are left out.
    /// </summary>
    public static IReadOnlyList<PageImage> Collect(IDocument document, Uri baseUrl)
    {
        var images = new List<PageImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in document.GetElementsByTagName("img"))
        {
            if (IsPixel(image)) continue;
            var source = new[] { image.GetAttribute("src"), image.GetAttribute("data-src"), FirstCandidate(image.GetAttribute("srcset")) }
                .FirstOrDefault(s => !string.IsNullOrWhiteSpace(s) && !s.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase));
            if (source is null || PageUrls.Resolve(source.Trim(), baseUrl) is not { } url || !PageUrls.IsHttp(url)) continue;
            if (seen.Add(url.AbsoluteUri)) images.Add(new PageImage((image.GetAttribute("alt") ?? "").Trim(), url.AbsoluteUri));
        }
        return images;
    }

    private static string? FirstCandidate(string? srcset) =>
        srcset?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()?.Split(' ')[0];

    private static bool IsPixel(IElement image) =>
        image.GetAttribute("width") is "0" or "1" && image.GetAttribute("height") is "0" or "1";
}
