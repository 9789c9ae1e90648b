using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>Firecrawl's <c>html</c> format: the content as HTML without scripts, styles, comments and hidden elements, URLs made absolute.</summary>
public static class CleanedHtml
{
    private static readonly string[] UrlAttributes = ["href", "src", "poster", "action", "cite", "data-src"];

    /// <summary>Cleans <paramref name="root"/> in place and serializes it.</summary>
    public static string Render(IElement root, Uri baseUrl)
    {
        var removals = new List<INode>();
        INode? node = root.FirstChild;
        while (node is not null)
        {
            var descend = false;
            if (node is IComment)
            {
                removals.Add(node);
            }
            else if (node is IElement element)
            {
                if (InvisibleElements.IsInvisible(element))
                {
                    removals.Add(element);
                }
                else
                {
                    MakeUrlsAbsolute(element, baseUrl);
                    descend = true;
                }
            }

            node = DocumentOrder.Next(node, root, descend);
        }

        foreach (var removal in removals)
        {
            removal.Parent?.RemoveChild(removal);
        }

        return root.OuterHtml;
    }

    private static void MakeUrlsAbsolute(IElement element, Uri baseUrl)
    {
        if (element.Attributes.Length == 0)
        {
            return;
        }

        foreach (var name in UrlAttributes)
        {
            if (element.GetAttribute(name) is { } value
                && !value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                && !value.StartsWith('#')
                && PageUrls.Resolve(value, baseUrl) is { } absolute
                && absolute.Scheme != "javascript")
            {
                element.SetAttribute(name, absolute.AbsoluteUri);
            }
        }

        if (element.GetAttribute("srcset") is { } srcset)
        {
            element.SetAttribute("srcset", AbsoluteSrcset(srcset, baseUrl));
        }
    }

    /// <summary>"a.jpg 1x, /b.jpg 2x" → each candidate's URL made absolute, descriptors kept.</summary>
    private static string AbsoluteSrcset(string srcset, Uri baseUrl)
    {
        var candidates = srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < candidates.Length; i++)
        {
            var space = candidates[i].IndexOf(' ');
            var url = space < 0 ? candidates[i] : candidates[i][..space];
            if (PageUrls.Resolve(url, baseUrl) is { } absolute)
            {
                candidates[i] = space < 0 ? absolute.AbsoluteUri : absolute.AbsoluteUri + candidates[i][space..];
            }
        }

        return string.Join(", ", candidates);
    }
}
