using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>How a page is narrowed before conversion (Firecrawl's scrape options of the same names).</summary>
public sealed record ConversionOptions
{
    public static ConversionOptions Default { get; } = new();

    /// <summary>Firecrawl's default: navigation, headers, footers, sidebars, banners and ads removed.</summary>
    public bool OnlyMainContent { get; init; } = true;

    /// <summary>CSS selectors: when any are given, only what they match is kept.</summary>
    public IReadOnlyList<string> IncludeTags { get; init; } = [];

    /// <summary>CSS selectors whose matches are removed.</summary>
    public IReadOnlyList<string> ExcludeTags { get; init; } = [];
}

/// <summary>Everything the scrape formats need from one HTML page.</summary>
/// <param name="Markdown">The content as Markdown.</param>
/// <param name="Html">The content as cleaned HTML (Firecrawl's <c>html</c> format).</param>
/// <param name="Links">Every link on the whole page, absolute (Firecrawl's <c>links</c> format).</param>
/// <param name="Metadata">Title, description, language, Open Graph... from the whole page.</param>
public sealed record ConvertedPage(string Markdown, string Html, IReadOnlyList<string> Links, PageMetadata Metadata);

/// <summary>The entry point the scrape worker calls: parses the HTML once and derives every output from that one DOM.</summary>
public static class PageConverter
{
    /// <param name="html">The page as fetched.</param>
    /// <param name="pageUrl">The absolute URL the page was fetched from (after redirects): relative links resolve against it.</param>
    /// <param name="options">How to narrow the page before conversion.</param>
    /// <exception cref="ArgumentException">An include or exclude selector is not valid CSS, or the URL is relative.</exception>
    public static ConvertedPage Convert(string html, Uri pageUrl, ConversionOptions options)
    {
        if (!pageUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"The page URL must be absolute: '{pageUrl}'.", nameof(pageUrl));
        }

        var document = HtmlDocumentParser.ParseForReading(html);
        var baseUrl = PageUrls.DocumentBase(document, pageUrl);

        // Metadata and links describe the whole page, so they are read before anything is removed.
        var metadata = PageMetadata.Read(document, baseUrl);
        var links = PageLinks.Collect(document, baseUrl);

        IElement content = document.Body ?? document.DocumentElement;
        content = MainContent.ApplyTagFilters(document, content, options.IncludeTags, options.ExcludeTags);
        if (options.OnlyMainContent)
        {
            content = MainContent.Extract(content);
        }

        var cleanedHtml = CleanedHtml.Render(content, baseUrl);
        var markdown = MarkdownConverter.Convert(content, baseUrl);
        return new ConvertedPage(markdown, cleanedHtml, links, metadata);
    }
}
