using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>Firecrawl's <c>html</c> format: the content as HTML without scripts, styles, comments and hidden elements, URLs made absolute.</summary>
public static class CleanedHtml
{
    private static readonly string[] UrlAttributes = ["href", "src", "poster", "action", "cite", "data-src"];

    /// <summary>
    /// Serializes <paramref name="root"/> (<see cref="HtmlSerializer"/>, one linear walk) leaving out comments and
    /// invisible elements below it and writing URL attributes absolute. The tree is not changed: removing thousands
    /// of siblings one by one from AngleSharp's child lists would be quadratic.
    /// </summary>
    public static string Render(IElement root, Uri baseUrl) => Render(root, new PageUrlResolver(baseUrl));

    /// <summary><see cref="Render(IElement, Uri)"/> with the page's URL references resolved by <paramref name="urls"/>.</summary>
    internal static string Render(IElement root, PageUrlResolver urls) => HtmlSerializer.Serialize(root, new Cleaning(urls));

    private sealed class Cleaning(PageUrlResolver urls) : IHtmlSerializationFilter
    {
        public bool Keeps(INode node) => node switch
        {
            IComment => false,
            IElement element => !InvisibleElements.IsInvisible(element),
            _ => true,
        };

        public string ValueOf(IElement element, IAttr attribute)
        {
            var value = attribute.Value;
            if (!string.IsNullOrEmpty(attribute.NamespaceUri))
            {
                return value;
            }
            if (attribute.Name == "srcset")
            {
                return AbsoluteSrcset(value, urls);
            }
            return Array.IndexOf(UrlAttributes, attribute.Name) >= 0
                && !value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                && !value.StartsWith('#')
                && urls.Absolute(value) is { } absolute
                && !PageUrlResolver.HasScheme(absolute, "javascript")
                ? absolute
                : value;
        }
    }

    /// <summary>"a.jpg 1x, /b.jpg 2x" → each candidate's URL made absolute, descriptors kept.</summary>
    private static string AbsoluteSrcset(string srcset, PageUrlResolver urls)
    {
        var candidates = srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < candidates.Length; i++)
        {
            var space = candidates[i].IndexOf(' ');
            var url = space < 0 ? candidates[i] : candidates[i][..space];
            if (urls.Absolute(url) is { } absolute)
            {
                candidates[i] = space < 0 ? absolute : absolute + candidates[i][space..];
            }
        }

        return string.Join(", ", candidates);
    }
}
