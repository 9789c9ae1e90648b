namespace ExtractApi.Scraping;

/// <summary>Everything the scrape formats need from one HTML page.</summary>
/// <param name="Markdown">The content as Markdown.</param>
/// <param name="Html">The content as cleaned HTML (Firecrawl's <c>html</c> format); null when <see cref="ConversionOptions.CleanedHtml"/> is off.</param>
/// <param name="Links">Every link on the whole page, absolute (Firecrawl's <c>links</c> format).</param>
/// <param name="Metadata">Title, description, language, Open Graph... from the whole page.</param>
public sealed record ConvertedPage(string Markdown, string? Html, IReadOnlyList<string> Links, PageMetadata Metadata);
