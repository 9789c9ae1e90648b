using System.Buffers;
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
        "masthead", "toolbar", "outbrain", "taboola", "rail", "rails", "carousel", "slideshow", "cta", "trending",
        "popular", "recirc", "recirculation", "signup", "byline-share", "tags", "pagination",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BoilerplateWordLookup =
        BoilerplateWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Unambiguous even inside compound names such as "cookieNotice" or "rightSidebar".
    private static readonly SearchValues<string> BoilerplateFragments = SearchValues.Create(
        ["cookie", "consent", "gdpr", "advert", "sidebar", "newsletter", "breadcrumb", "adsbygoogle", "taboola", "outbrain",
         // Author boxes: a biography under the story, not the byline above it.
         "biography", "authorbio", "author-bio", "authorinfo", "author-info", "authorbox", "author-box", "about-author",
         "about-the-author"],
        StringComparison.OrdinalIgnoreCase);

    // Class and id words of a story's date line ("post-meta": October 9, 2018 at 4:02 pm) and of photo credits:
    // page furniture around the text.
    private static readonly SearchValues<string> DateAndCreditFragments = SearchValues.Create(
        ["date", "timestamp", "published", "updated", "credit", "meta"], StringComparison.OrdinalIgnoreCase);

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
    /// The element holding the page's main content, with the page furniture inside it removed. Where the
    /// page has an article, content scoring (<see cref="ContentScoring"/>) finds the element its paragraphs
    /// are in, widened to take in the article's title; otherwise <c>&lt;main&gt;</c> or <c>[role=main]</c>
    /// (the one with the most text), else a lone <c>&lt;article&gt;</c>, else <paramref name="scope"/>.
    /// Inside it, navigation, rails, share bars, link lists and forms are removed by tag, role, class
    /// and id words and link density; the element with the article's text or title never is.
    /// </summary>
    /// <param name="scope">The page's body (after the tag filters); narrowed in place.</param>
    /// <param name="pageTitles">
    /// The page's own titles (<c>&lt;title&gt;</c>, <c>og:title</c>), returned beside the content as its metadata:
    /// the headline that repeats one of them is left out of the content (<see cref="RemoveTitleHeading"/>). None, and
    /// the headline stays.
    /// </param>
    public static IElement Extract(IElement scope, params IReadOnlyList<string?> pageTitles)
    {
        var hidden = new List<IElement>();
        var stats = BlockStats.Measure(scope, hidden);
        foreach (var element in hidden)
        {
            element.Remove();
        }

        var protectedPath = new HashSet<IElement>();
        IElement root;
        bool structural;
        if (ContentScoring.TopCandidate(scope, stats, out var scores) is { } top)
        {
            root = ArticleRoot(top, scope, stats, scores);
            structural = false;
            for (IElement? element = top; element is not null && element != root; element = element.ParentElement)
            {
                protectedPath.Add(element);
            }
        }
        else
        {
            root = SemanticRoot(scope, stats);
            structural = root != scope || root.LocalName is "main" or "article";
        }

        RemoveFurniture(root, stats, structural, protectedPath);
        RemoveCaptionsRepeatingAltText(root, stats);
        RemoveTitleHeading(root, stats, pageTitles);

        return root;
    }

    /// <summary>
    /// A photo's caption that says what the photo's alt text says ("Beijing Chaoyang Hospital, where…" under an image
    /// with that alt): the image stays, and its Markdown (<c>![alt](src)</c>) gives the text once. A caption is a text
    /// block beside the image in its media block: the image's nearest ancestor with text, when that text is a
    /// caption's length (under 600 characters, one paragraph at most), not prose around the image.
    /// </summary>
    private static void RemoveCaptionsRepeatingAltText(IElement root, Dictionary<IElement, BlockStats> stats)
    {
        var repeated = new List<IElement>();
        foreach (var image in root.GetElementsByTagName("img"))
        {
            if (image.GetAttribute("alt") is not { Length: >= MinimumAltLength } alt)
            {
                continue;
            }

            var mediaBlock = image.ParentElement;
            BlockStats? block = null;
            for (var level = 0; mediaBlock is not null && mediaBlock != root && level < 4
                && (!stats.TryGetValue(mediaBlock, out block) || block.Text == 0); level++)
            {
                mediaBlock = mediaBlock.ParentElement;
            }

            if (mediaBlock is null || mediaBlock == root || block is null || block.Text == 0 || block.Text > 600 || block.Paragraphs > 1)
            {
                continue;
            }

            var altText = new WordOverlap(alt);
            CollectCaptions(mediaBlock, image, altText, stats, repeated);
        }

        foreach (var caption in repeated)
        {
            caption.Remove();
        }
    }

    // Shorter alt texts ("photo", "Taylor Swift") name the image rather than caption it.
    private const int MinimumAltLength = 20;

    private static void CollectCaptions(IElement mediaBlock, IElement image, WordOverlap altText, Dictionary<IElement, BlockStats> stats, List<IElement> captions)
    {
        foreach (var child in mediaBlock.Children)
        {
            if (child.Contains(image))
            {
                CollectCaptions(child, image, altText, stats, captions);
            }
            else if (stats.TryGetValue(child, out var block) && block.Text > 0 && block.Media == 0 && altText.Repeats(child.TextContent))
            {
                captions.Add(child);
            }
        }
    }

    /// <summary>
    /// An article's headline (content of three paragraphs or more: product pages, listings and short pages keep
    /// theirs), when the page's title already says it: the first <c>h1</c> or <c>h2</c> of the content
    /// whose words are, by three quarters of their characters or more, words of the page's <c>&lt;title&gt;</c> or
    /// <c>og:title</c> ("Cat found in New Mexico" under the title "Cat found in New Mexico | KOB 4"). Mozilla
    /// Readability's rule: the title is returned beside the content (here as <c>metadata.title</c>), so the content
    /// starts with the story. A heading that is most of the content's text stays.
    /// </summary>
    private static void RemoveTitleHeading(IElement root, Dictionary<IElement, BlockStats> stats, IReadOnlyList<string?> pageTitles)
    {
        // An article: a product page, a listing or a short page keeps its heading as the label of what it holds.
        if (pageTitles.Count == 0 || !stats.TryGetValue(root, out var rootBlock) || rootBlock.Paragraphs < ArticleParagraphs)
        {
            return;
        }

        var title = new WordOverlap(pageTitles);
        if (title.IsEmpty)
        {
            return;
        }

        foreach (var heading in root.Descendants<IElement>())
        {
            if (heading.LocalName is "h1" or "h2" && stats.TryGetValue(heading, out var block) && block.Text > 0 && title.Repeats(heading.TextContent))
            {
                if (block.Text * 2 < rootBlock.Text)
                {
                    heading.Remove();
                }

                return;
            }
        }
    }

    /// <summary>Paragraphs (of 20 characters or more) that make a story of the content.</summary>
    private const int ArticleParagraphs = 3;

    /// <summary>
    /// The top candidate widened while a wider ancestor adds little text, with the siblings that belong to it
    /// (gathered under their parent, the others removed), then widened to the nearest ancestor holding the
    /// page's title when that adds little.
    /// </summary>
    private static IElement ArticleRoot(IElement top, IElement scope, Dictionary<IElement, BlockStats> stats, Dictionary<IElement, double> scores)
    {
        var root = top;
        // Wrappers that add little (a date line, a byline, the title) are part of the article, up to the
        // page's own marking of it.
        while (root != scope && root.LocalName is not ("main" or "article") && root.ParentElement is { } wider && stats.TryGetValue(wider, out var widerBlock)
            && (widerBlock.Text - stats[root].Text) * 5 <= stats[root].Text && widerBlock.Text - stats[root].Text < 1500)
        {
            root = wider;
        }

        if (root != scope && root.ParentElement is { } parent && stats.ContainsKey(parent))
        {
            var strangers = new List<IElement>();
            var joined = false;
            foreach (var sibling in parent.Children)
            {
                if (sibling == root)
                {
                    continue;
                }

                if (ContentScoring.IsArticleSibling(sibling, top, scores, stats))
                {
                    joined |= stats.TryGetValue(sibling, out var block) && block.Text > 0 && block.Titles == 0;
                }
                else
                {
                    strangers.Add(sibling);
                }
            }

            if (joined)
            {
                foreach (var stranger in strangers)
                {
                    stranger.Remove();
                    if (stats.TryGetValue(stranger, out var removed))
                    {
                        Subtract(stats[parent], removed);
                    }
                }

                root = parent;
            }
        }

        if (stats[root].Titles == 0)
        {
            var withTitle = root.ParentElement;
            while (withTitle is not null && stats.TryGetValue(withTitle, out var block) && block.Titles == 0 && withTitle != scope)
            {
                withTitle = withTitle.ParentElement;
            }

            if (withTitle is not null && stats.TryGetValue(withTitle, out var titled) && titled.Titles > 0
                && (titled.Text - stats[root].Text) * 2 <= stats[root].Text)
            {
                root = withTitle;
            }
        }

        return root;
    }

    private static void Subtract(BlockStats from, BlockStats removed)
    {
        from.Text -= removed.Text;
        from.LinkText -= removed.LinkText;
        from.Links -= removed.Links;
        from.Titles -= removed.Titles;
    }

    /// <summary>Without an article to score: the page's own marking of its main content.</summary>
    private static IElement SemanticRoot(IElement scope, Dictionary<IElement, BlockStats> stats)
    {
        IElement? root = null;
        foreach (var main in scope.QuerySelectorAll("main, [role=main]"))
        {
            // Hidden ones were removed; of several, the one with the text (the first is sometimes ads only).
            if (stats.TryGetValue(main, out var block) && main.ParentElement is not null
                && (root is null || block.Text > stats[root].Text) && (root is null || !root.Contains(main)))
            {
                root = main;
            }
        }

        if (root is null)
        {
            var articles = scope.QuerySelectorAll("article");
            root = articles.Length == 1 && articles[0].ParentElement is not null ? articles[0] : scope;
        }

        return root;
    }

    private static void RemoveFurniture(IElement root, Dictionary<IElement, BlockStats> stats, bool structural, HashSet<IElement> protectedPath)
    {
        var rootTextLength = stats.TryGetValue(root, out var rootBlock) ? rootBlock.Text : 0;
        var furniture = new List<IElement>();
        var furnitureText = 0;
        var seenTexts = new Dictionary<string, IElement>(StringComparer.Ordinal);
        // The header that holds the title: the title stays, what stands beside it in the header goes.
        IElement? titledHeader = null;
        var node = root.FirstElementChild;
        while (node is not null)
        {
            if (titledHeader is not null && !titledHeader.Contains(node))
            {
                titledHeader = null;
            }

            if (!protectedPath.Contains(node) && stats.TryGetValue(node, out var block)
                && ((titledHeader is not null && block.Titles == 0)
                    || IsFurniture(node, block, structural, rootTextLength, stats) || IsInRunOfLinkParagraphs(node, stats) || IsRepeatedText(node, block, seenTexts)))
            {
                furniture.Add(node);
                furnitureText += block.Text;
                // "Most popular", "You may also like…": the label of links that go is furniture with them.
                if (block.Text > 0 && block.LinkDensity > 0.5 && node.PrecedingElement() is { } label
                    && stats.TryGetValue(label, out var labelBlock) && IsLabel(label, labelBlock)
                    && (furniture.Count < 2 || furniture[^2] != label))
                {
                    furniture.Insert(furniture.Count - 1, label);
                    furnitureText += labelBlock.Text;
                }
            }
            // The title itself is not taken apart (a link or a span inside it holds no title of its own).
            else if (node.FirstElementChild is { } child && !(titledHeader is not null && node.LocalName == "h1"))
            {
                if (titledHeader is null && node.LocalName == "header" && stats.TryGetValue(node, out var header) && header.Titles > 0 && header.Text * 2 <= rootTextLength)
                {
                    titledHeader = node;
                }

                node = child;
                continue;
            }

            while (node is not null && node != root && node.FollowingElement() is null)
            {
                node = node.ParentElement;
            }

            node = node is null || node == root ? null : node.FollowingElement();
        }

        // Heuristics that would leave nothing have misread the page; the whole of it is a better answer.
        if (rootTextLength > 0 && furnitureText >= rootTextLength)
        {
            return;
        }

        foreach (var element in furniture)
        {
            element.Remove();
        }

        TrailingFurniture.Remove(root, stats);
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

    /// <param name="structural">The page marked its main content itself; class words such as "entry-header" inside it name the article's own parts.</param>
    private static bool IsFurniture(IElement element, BlockStats block, bool structural, int rootTextLength, Dictionary<IElement, BlockStats> stats)
    {
        // A header, the article's own included: Firecrawl's onlyMainContent removes every <header> element with the
        // standfirst, byline and date line it holds (not when it holds the bulk of the text). One that holds the
        // title is entered instead: the title stays, the rest of it goes (RemoveFurniture).
        if (element.LocalName == "header" && block.Titles == 0 && block.Text * 2 <= rootTextLength && !IsSectionHeading(element, block, stats))
        {
            return true;
        }

        // The title is the content, whatever the markup around it says.
        if (block.Titles > 0)
        {
            return false;
        }

        switch (element.LocalName)
        {
            case "nav" or "aside" or "footer" or "dialog" or "form" or "button" or "select" or "textarea" or "input":
                return true;
        }

        if (element.GetAttribute("role") is { } role && BoilerplateRoles.Contains(role.Trim()))
        {
            return true;
        }

        // "Updated 5:27 am, November 20", "Photo: AP": a short line marked as a date or a credit.
        if (block.Text < 80 && block.Links <= 1 && block.Paragraphs == 0
            && (element.LocalName == "time" || element.ClassName?.AsSpan().ContainsAny(DateAndCreditFragments) == true
                || element.Id?.AsSpan().ContainsAny(DateAndCreditFragments) == true
                // Microdata: itemprop="datePublished" / "dateModified".
                || element.GetAttribute("itemprop")?.Contains("date", StringComparison.OrdinalIgnoreCase) == true))
        {
            return true;
        }

        // Nor is the bulk of the text, whatever its class says ("page has-sidebar").
        if (block.Text * 2 > rootTextLength)
        {
            return false;
        }

        if (HasBoilerplateName(element, structural))
        {
            // An embedded post (a quote of a tweet or an Instagram post) in a wrapper named "social" is content.
            return !(block.Quotes > 0 && block.LinkDensity < 0.5 && !IsCommentSection(element));
        }

        // An author box: a biography under the story ("Ann is a Connecticut native…"), not the short byline.
        if (block.Text >= 100 && IsAuthorBox(element))
        {
            return true;
        }

        if (structural && !IsLinkList(block))
        {
            return false;
        }

        return element.LocalName switch
        {
            "div" or "ul" or "ol" or "section" or "table" or "dl" => IsLinkList(block) || IsLinkTeaser(block) || IsSignUp(block)
                // Not a list's items: "Sign up for an account, then…" can be the steps the story gives.
                || (element.LocalName == "div" && CallsToAction.IsLinkedCall(element, block)),
            "h2" or "h3" or "h4" or "h5" or "h6" => CallsToAction.IsLinkedCall(element, block),
            // "Related: <a headline>", "SEE MORE: <a headline>": a paragraph that is a link to another story.
            // One among prose; a run of them is a reading list, the content itself.
            "p" => CallsToAction.IsLinkedCall(element, block)
                || (IsStoryLink(block) && !IsStoryLinkParagraph(element.PrecedingElement(), stats) && !IsStoryLinkParagraph(element.FollowingElement(), stats))
                // "Tags: a, b, c": a line of links.
                || (block.Links >= 3 && block.LinkDensity > 0.8),
            // A hover card (a person's photo and links to their stories) written inside running text.
            "span" when block.Links >= 2 && block.Media > 0 && block.LinkDensity > 0.8 => true,
            // "Tags: a, b, c" written as a bold or small line of its own between the blocks, not inside a paragraph.
            "span" or "strong" or "b" or "em" or "small" => block.Links >= 3 && block.LinkDensity > 0.8
                && element.ParentElement?.LocalName is "div" or "section" or "article" or "main" or "body",
            _ => false,
        };
    }

    /// <summary>A header that is only a section's heading (<c>&lt;header&gt;&lt;h2&gt;Installation&lt;/h2&gt;&lt;/header&gt;</c> in a docs page): the content's own.</summary>
    private static bool IsSectionHeading(IElement header, BlockStats block, Dictionary<IElement, BlockStats> stats) =>
        header.ChildElementCount == 1 && header.FirstElementChild is { LocalName: "h2" or "h3" or "h4" or "h5" or "h6" } heading
        && stats.TryGetValue(heading, out var headingBlock) && headingBlock.Text == block.Text && block.Links == 0;

    /// <summary>Paragraphs that are nothing but a link, one after another: "more stories" lists written as paragraphs.</summary>
    private static bool IsInRunOfLinkParagraphs(IElement element, Dictionary<IElement, BlockStats> stats)
    {
        return element.LocalName == "p" && IsLinkParagraph(element) && (IsLinkParagraph(element.PrecedingElement()) || IsLinkParagraph(element.FollowingElement()));

        bool IsLinkParagraph(IElement? paragraph) =>
            paragraph is { LocalName: "p" } && stats.TryGetValue(paragraph, out var block) && block.Links > 0 && block.LinkDensity > 0.9;
    }

    /// <summary>
    /// A caption or a bare text box already seen higher up in the content: the same caption written for a
    /// slideshow, a thumbnail strip and a full-screen view, in full and cut short.
    /// </summary>
    private static bool IsRepeatedText(IElement element, BlockStats block, Dictionary<string, IElement> seenTexts)
    {
        var isCaption = element.LocalName == "figcaption" || element.ClassName?.Contains("caption", StringComparison.OrdinalIgnoreCase) == true;
        var isTextBlock = isCaption || element.LocalName switch
        {
            // Not paragraphs, headings and list items: a recipe, a meal plan or an interview repeats its own lines.
            "div" or "span" => block.OwnText == block.Text && element.ChildElementCount == 0,
            _ => false,
        };
        if (!isTextBlock || block.Text < 30 || block.Text > 5000)
        {
            return false;
        }

        var text = string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        // A caption cut short ("…shake hands in Hanoi ... more") is the full one's copy: captions are known by their start.
        var key = isCaption && text.Length > CaptionKeyLength ? text[..CaptionKeyLength] : text;
        if (!seenTexts.TryGetValue(key, out var seen) || seen.Contains(element))
        {
            // First seen, or inside the block seen with this text (a caption's paragraph, a quote's): the same
            // passage, not a copy. The innermost holder stands for it, so a sibling copy is told apart.
            seenTexts[key] = element;
            return false;
        }

        return true;
    }

    private const int CaptionKeyLength = 80;

    /// <summary>A heading or a short line without links, which names the block after it.</summary>
    private static bool IsLabel(IElement element, BlockStats block) =>
        block.Text is > 0 and < 60 && block.Links == 0 && block.Titles == 0
        && (element.LocalName is "h2" or "h3" or "h4" or "h5" or "h6"
            || (element.LocalName is "p" or "div" or "span" or "strong" && element.TextContent.TrimEnd() is var text
                && (text.EndsWith(':') || text.EndsWith("...", StringComparison.Ordinal) || text.EndsWith('…'))));

    private static bool IsAuthorBox(IElement element) =>
        (element.GetAttribute("class") ?? "").Contains("author", StringComparison.OrdinalIgnoreCase)
        || element.Id?.Contains("author", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsCommentSection(IElement element) =>
        (element.GetAttribute("class") ?? "").Contains("comment", StringComparison.OrdinalIgnoreCase)
        || element.Id?.Contains("comment", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsStoryLink(BlockStats block) =>
        block.Links >= 1 && block.LinkText >= 30 && block.LinkDensity >= 0.6 && block.Text < 250;

    private static bool IsStoryLinkParagraph(IElement? element, Dictionary<IElement, BlockStats> stats) =>
        element is { LocalName: "p" } && stats.TryGetValue(element, out var block) && IsStoryLink(block);

    /// <summary>Menus and link farms: mostly link text, several links.</summary>
    private static bool IsLinkList(BlockStats block) => block.Links >= 2 && block.LinkDensity > 0.5;

    /// <summary>"Related: …", "Read more …": a short block that is largely a link.</summary>
    private static bool IsLinkTeaser(BlockStats block) => block.Links >= 1 && block.Text < 200 && block.LinkDensity > 0.33;

    /// <summary>Sign-up and search forms built without a form element.</summary>
    private static bool IsSignUp(BlockStats block) => block.Inputs > 0 && block.Paragraphs <= 1 && block.Text < 300;

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
            if (token.ContainsAny(BoilerplateFragments))
            {
                return true;
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
}
