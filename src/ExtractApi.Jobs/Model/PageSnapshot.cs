namespace ExtractApi.Jobs.Model;

/// <summary>
/// The last scrape of a URL by an organisation with change tracking on (per <see cref="Tag"/>): what the next scrape
/// is compared with. One row per (organisation, URL, tag), replaced by every tracked scrape.
/// </summary>
public sealed class PageSnapshot
{
    public required string OrganisationId { get; set; }
    public required string Url { get; set; }
    /// <summary>Separate histories for one URL (Firecrawl's <c>tag</c>); empty when none was given.</summary>
    public required string Tag { get; set; }
    public string? Markdown { get; set; }
    /// <summary>The json-mode extraction of that scrape (jsonb), when it had one.</summary>
    public string? Json { get; set; }
    /// <summary>False when the page was gone (HTTP 404/410) at that scrape.</summary>
    public bool Present { get; set; }
    public DateTime ScrapedAt { get; set; }
}
