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
