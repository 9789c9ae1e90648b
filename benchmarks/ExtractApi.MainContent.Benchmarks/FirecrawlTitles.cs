using ExtractApi.Scraping;

namespace ExtractApi.MainContent.Benchmarks;

/// <summary>
/// Whether Firecrawl's own <c>onlyMainContent</c> keeps the article's headline (<c>--titles</c>): Firecrawl adds no
/// title line of its own; it removes every element its non-main selectors match (<c>header</c>, <c>footer</c>,
/// <c>nav</c>, <c>aside</c>, <c>.header</c>, <c>.top</c>, <c>.sidebar</c>… — its html-transformer's
/// EXCLUDE_NON_MAIN_TAGS, unless the element holds one of FORCE_INCLUDE_MAIN_TAGS) and keeps the rest. So the
/// page's <c>h1</c> is in its output exactly when no such element holds it. Counted here beside how often our
/// Markdown starts its content with a <c>#</c> title line, and how often that line is a heading Firecrawl keeps.
/// </summary>
internal static class FirecrawlTitles
{
    // mendableai/firecrawl apps/api/sharedLibs/html-transformer/src/lib.rs (2025-08), the selectors as listed there.
    private const string NonMain =
        "header, footer, nav, aside, .header, .top, .navbar, #header, .footer, .bottom, #footer, .sidebar, .side, .aside, "
        + "#sidebar, .modal, .popup, #modal, .overlay, .ad, .ads, .advert, #ad, .lang-selector, .language, "
        + "#language-selector, .social, .social-media, .social-links, #social, .menu, .navigation, #nav, .breadcrumbs, "
        + "#breadcrumbs, .share, #share, .widget, #widget, .cookie, #cookie, .fc-decoration";

    private const string ForceInclude =
        "#main, .swoogo-cols, .swoogo-text, .swoogo-table-div, .swoogo-space, .swoogo-alert, .swoogo-sponsors, "
        + ".swoogo-title, .swoogo-tabs, .swoogo-logo, .swoogo-image, .swoogo-button, .swoogo-agenda";

    public static void Print(IReadOnlyList<CorpusPage> pages)
    {
        int withHeadline = 0, firecrawlKeeps = 0, oursHasTitle = 0, oursTitleKeptByFirecrawl = 0;
        foreach (var page in pages)
        {
            var document = HtmlDocumentParser.Parse(page.Html);
            var kept = new HashSet<string>(StringComparer.Ordinal);
            var any = false;
            foreach (var heading in document.QuerySelectorAll("body h1"))
            {
                var text = Normalize(heading.TextContent);
                if (text.Length == 0)
                {
                    continue;
                }

                any = true;
                var removed = false;
                for (var element = heading; element is not null && !removed; element = element.ParentElement)
                {
                    removed = element.Matches(NonMain) && element.QuerySelector(ForceInclude) is null && !element.Matches(ForceInclude);
                }

                if (!removed)
                {
                    kept.Add(text);
                }
            }

            withHeadline += any ? 1 : 0;
            firecrawlKeeps += kept.Count > 0 ? 1 : 0;
            var markdown = PageConverter.Convert(page.Html, page.Url, ConversionOptions.Default).Markdown;
            var titleLine = markdown.Split('\n').FirstOrDefault(line => line.StartsWith("# ", StringComparison.Ordinal));
            if (titleLine is not null)
            {
                oursHasTitle++;
                var titleText = Normalize(MarkdownText.ToPlainText(titleLine));
                oursTitleKeptByFirecrawl += kept.Contains(titleText) ? 1 : 0;
            }
        }

        Console.WriteLine($"Pages with an h1: {withHeadline} of {pages.Count}; Firecrawl's onlyMainContent keeps an h1 on {firecrawlKeeps}");
        Console.WriteLine($"Our Markdown has a '# ' title line on {oursHasTitle}; on {oursTitleKeptByFirecrawl} of them Firecrawl keeps that same h1");
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
