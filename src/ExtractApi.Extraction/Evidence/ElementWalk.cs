using AngleSharp.Dom;
using ExtractApi.Scraping;

namespace ExtractApi.Extraction;

/// <summary>
/// Plain walks over an element's descendants in page order, for the fixed lookups that run once per
/// record and field ("the first <c>img[src]</c>", "the first heading"): a CSS selector there costs
/// more (a cache lookup under a lock, an enumerator) than the match itself.
/// </summary>
internal static class ElementWalk
{
    /// <summary>The first descendant (not the root itself), in page order, that matches.</summary>
    public static IElement? First(IElement root, Func<IElement, bool> match) => DocumentOrder.FirstElement(root, match);

    /// <summary>Every descendant (not the root itself), in page order, that matches.</summary>
    public static List<IElement> All(IElement root, Func<IElement, bool> match)
    {
        var found = new List<IElement>();
        Collect(root, match, found);
        return found;
    }

    /// <summary>Every descendant element (not the root itself), in page order.</summary>
    public static List<IElement> Descendants(IElement root) => All(root, static _ => true);

    private static void Collect(IElement root, Func<IElement, bool> match, List<IElement> found) =>
        DocumentOrder.Walk(root, node =>
        {
            if (node is not IElement element) return false;
            if (match(element)) found.Add(element);
            return true;
        });

    /// <summary>The element itself when it matches, else its first matching descendant.</summary>
    public static IElement? SelfOrFirst(IElement root, Func<IElement, bool> match) => match(root) ? root : First(root, match);

    public static bool IsImage(IElement element) => element.LocalName == "img" && element.HasAttribute("src");

    public static bool IsLink(IElement element) => element.LocalName == "a" && element.HasAttribute("href");

    public static bool IsTime(IElement element) => element.LocalName == "time" && element.HasAttribute("datetime");

    public static bool IsHeading(IElement element) => element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";
}
