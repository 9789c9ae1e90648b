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

    /// <summary>
    /// Whether to write the cleaned HTML (<see cref="ConvertedPage.Html"/>). A caller that does not answer the
    /// <c>html</c> format turns it off: serializing a page costs about as much as writing its Markdown (a page of
    /// 400,000 links: a 36 MB string and 270 MB allocated).
    /// </summary>
    public bool CleanedHtml { get; init; } = true;
}
