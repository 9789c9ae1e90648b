using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// Narrows a page to what it is about: Firecrawl's <c>includeTags</c>/<c>excludeTags</c> (CSS
/// selectors) and <c>onlyMainContent</c>, which drops navigation, site headers and footers,
/// sidebars, cookie banners, ads, share widgets and comments. Works on the parsed document in
/// place, before conversion.
/// </summary>
public static class MainContent
{
    // Words in ids and classes ("site-nav", "cookie_banner", "ad-slot") that name page furniture.
    private static readonly HashSet<string> BoilerplateWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "footer",
        "cookie", "cookies", "consent", "gdpr", "banner", "ad", "ads", "advert", "adverts",
        "advertisement", "adsense", "adslot", "sponsor", "sponsored", "promo", "sidebar", "share",
        "sharing", "social", "socials", "related", "recommended", "recommendations", "comments",
        "comment", "disqus", "newsletter", "subscribe", "subscription", "popup", "modal", "skip",
        "masthead", "toolbar", "outbrain", "taboola",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BoilerplateWordLookup =
        BoilerplateWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Unambiguous even inside compound names such as "cookieNotice" or "rightSidebar".
    private static readonly string[] BoilerplateFragments =
        ["cookie", "consent", "gdpr", "advert", "sidebar", "newsletter", "breadcrumb", "adsbygoogle", "taboola", "outbrain"];

    private static readonly HashSet<string> BoilerplateRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar",
    };

    /// <summary>True when <paramref name="selector"/> is CSS the selector engine accepts: for checking a request before it is queued.</summary>
    public static bool IsValidSelector(string selector)
    {
        try
        {
            HtmlDocumentParser.Parse("").QuerySelector(selector);
            return true;
        }
        catch (DomException)
        {
            return false;
        }
    }

    /// <summary>
    /// Removes what <paramref name="excludeTags"/> match, then keeps only what <paramref name="includeTags"/>
    /// match (outermost matches, in document order, gathered under one detached element).
    /// </summary>
    /// <exception cref="ArgumentException">A selector is not valid CSS.</exception>
    public static IElement ApplyTagFilters(IDocument document, IElement scope, IReadOnlyList<string> includeTags, IReadOnlyList<string> excludeTags)
    {
        foreach (var selector in excludeTags)
        {
            foreach (var excluded in Select(scope, selector, nameof(excludeTags)))
            {
                excluded.Remove();
            }
        }

        if (includeTags.Count == 0)
        {
            return scope;
        }

        var kept = document.CreateElement("div");
        var selectorList = string.Join(", ", includeTags.Where(tag => !string.IsNullOrWhiteSpace(tag)));
        IElement? lastKept = null;
        var outermost = new List<IElement>();
        foreach (var match in Select(scope, selectorList, nameof(includeTags)))
        {
            // Matches come in document order, so a match inside the previous one directly follows it.
            if (lastKept is null || !lastKept.Contains(match))
            {
                outermost.Add(match);
                lastKept = match;
            }
        }

        foreach (var element in outermost)
        {
            kept.AppendChild(element);
        }

        return kept;
    }

    /// <summary>
    /// The element holding the page's main content, with the page furniture inside it removed:
    /// <c>&lt;main&gt;</c> or <c>[role=main]</c> when present, else a lone <c>&lt;article&gt;</c>,
    /// else <paramref name="scope"/>, where heuristics (ids, classes, link density) do more of the work.
    /// </summary>
    public static IElement Extract(IElement scope)
    {
        // A hidden <main> (a second layout some sites switch with scripts) is not the content.
        var root = scope.QuerySelectorAll("main, [role=main]").FirstOrDefault(main => !IsHiddenWithin(main, scope));
        if (root is null)
        {
            var articles = scope.QuerySelectorAll("article");
            root = articles.Length == 1 ? articles[0] : scope;
        }

        var structural = root != scope || root.LocalName is "main" or "article";
        var rootTextLength = VisibleTextLength(root);
        var furniture = new List<IElement>();
        var node = root.FirstElementChild;
        while (node is not null)
        {
            if (IsFurniture(node, structural, rootTextLength))
            {
                furniture.Add(node);
            }
            else if (node.FirstElementChild is { } child)
            {
                node = child;
                continue;
            }

            while (node is not null && node != root && node.NextElementSibling is null)
            {
                node = node.ParentElement;
            }

            node = node is null || node == root ? null : node.NextElementSibling;
        }

        // Heuristics that would leave nothing have misread the page; the whole of it is a better answer.
        if (rootTextLength > 0 && furniture.Sum(VisibleTextLength) >= rootTextLength)
        {
            return root;
        }

        foreach (var element in furniture)
        {
            element.Remove();
        }

        return root;
    }

    private static bool IsHiddenWithin(IElement element, IElement scope)
    {
        for (var current = element; current is not null && current != scope; current = current.ParentElement)
        {
            if (InvisibleElements.IsInvisible(current))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<IElement> Select(IElement scope, string selector, string option)
    {
        try
        {
            return scope.QuerySelectorAll(selector);
        }
        catch (DomException exception)
        {
            throw new ArgumentException($"{option}: '{selector}' is not a valid CSS selector.", option, exception);
        }
    }

    /// <param name="structural">The page marked its main content itself; headers inside it are the article's own.</param>
    private static bool IsFurniture(IElement element, bool structural, int rootTextLength)
    {
        switch (element.LocalName)
        {
            case "nav" or "aside" or "footer" or "dialog":
                return true;
            case "header":
                return !structural && element.Closest("article") is null;
            case "main" or "article" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "p" or "pre" or "code" or "table" or "img":
                return HasBoilerplateName(element, structural) && !IsMainText(element, rootTextLength);
        }

        if (element.GetAttribute("role") is { } role && BoilerplateRoles.Contains(role.Trim()))
        {
            return true;
        }

        if (HasBoilerplateName(element, structural))
        {
            return !IsMainText(element, rootTextLength);
        }

        return !structural && element.LocalName is "div" or "ul" or "ol" or "section" or "table" && IsLinkList(element);
    }

    /// <summary>An element the page's text lives in cannot be furniture, whatever its class says ("page has-sidebar").</summary>
    private static bool IsMainText(IElement element, int rootTextLength) =>
        element.QuerySelector("h1") is not null || VisibleTextLength(element) * 2 > rootTextLength;

    private static bool HasBoilerplateName(IElement element, bool structural) =>
        IsBoilerplateName(element.GetAttribute("class"), structural) || IsBoilerplateName(element.Id, structural);

    private static bool IsBoilerplateName(string? names, bool structural)
    {
        if (string.IsNullOrEmpty(names))
        {
            return false;
        }

        foreach (var tokenRange in names.AsSpan().SplitAny(" \t\n\r\f"))
        {
            var token = names.AsSpan(tokenRange);
            foreach (var fragment in BoilerplateFragments)
            {
                if (token.Contains(fragment, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            foreach (var wordRange in token.SplitAny("-_"))
            {
                var word = token[wordRange];
                if (BoilerplateWordLookup.Contains(word))
                {
                    return true;
                }

                // "site-header" is furniture; "entry-header" inside a marked article is its title.
                if (!structural && word.Equals("header", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Menus and link farms: mostly link text, several links.</summary>
    private static bool IsLinkList(IElement element)
    {
        var links = element.GetElementsByTagName("a");
        if (links.Length < 4)
        {
            return false;
        }

        var textLength = VisibleTextLength(element);
        var linkTextLength = 0;
        foreach (var link in links)
        {
            linkTextLength += VisibleTextLength(link);
        }

        return textLength > 0 && linkTextLength * 10 > textLength * 7;
    }

    /// <summary>Characters of text that are not whitespace: markup indentation must not count as content.</summary>
    private static int VisibleTextLength(IElement element)
    {
        var count = 0;
        foreach (var c in element.TextContent)
        {
            if (!char.IsWhiteSpace(c))
            {
                count++;
            }
        }

        return count;
    }
}
