using AngleSharp.Dom;

namespace ExtractApi.Scraping;

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
        // The links, the cleaned HTML and the Markdown resolve the same references: each distinct one once.
        var urls = new PageUrlResolver(baseUrl);
        var links = PageLinks.Collect(document, urls);

        IElement content = document.Body ?? document.DocumentElement;
        content = MainContent.ApplyTagFilters(document, content, options.IncludeTags, options.ExcludeTags);
        if (options.OnlyMainContent)
        {
            content = MainContent.Extract(content, metadata.Title, metadata.OgTitle);
        }

        var cleanedHtml = options.CleanedHtml ? CleanedHtml.Render(content, urls) : null;
        var markdown = MarkdownConverter.Convert(content, urls);
        return new ConvertedPage(markdown, cleanedHtml, links, metadata);
    }
}
