namespace ExtractApi.Jobs.Model;

/// <summary>
/// One URL of a crawl's frontier: admitted to be fetched (queued, then done when its page is stored) or refused by
/// robots.txt (blocked, listed as <c>robotsBlocked</c>). Its dedupe key is unique within the crawl, so a URL found
/// again is never queued twice; its ordinal is the discovery order and the ordinal of its page.
/// </summary>
public sealed class CrawlUrl
{
    public Guid JobId { get; set; }
    public int Ordinal { get; set; }
    public required string Url { get; set; }
    public required string DedupeKey { get; set; }
    /// <summary>Link hops from the start URL (sitemap URLs are at 0).</summary>
    public int Depth { get; set; }
    public CrawlUrlState State { get; set; }
}

