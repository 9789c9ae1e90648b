using System.Text.Json;
using ExtractApi.Scraping.Crawling;

namespace ExtractApi.Work;

/// <summary>
/// A crawl as the worker runs it (stored as the job's request): where it starts, which links it follows
/// (<see cref="Scope"/>), how URLs are told apart, how politely, and how each page is scraped (<see cref="Scrape"/>,
/// whose URL list is empty). Dialects validate their own wire request and normalise it into this.
/// </summary>
public sealed record CrawlJobRequest(
    string Url,
    int Limit,
    CrawlScopeOptions Scope,
    bool IgnoreQueryParameters,
    bool DeduplicateSimilarUrls,
    SitemapMode Sitemap,
    bool IgnoreRobotsTxt,
    double DelaySeconds,
    int? MaxConcurrency,
    ScrapeJobRequest Scrape,
    WebhookTarget? Webhook)
{
    /// <summary>
    /// The stored request's JSON shape (web defaults: camelCase names). Its own, so a change to another request's
    /// options cannot change how crawl jobs already in the database are read back.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CrawlJobRequest FromJson(string json) =>
        JsonSerializer.Deserialize<CrawlJobRequest>(json, Json) ?? throw new FormatException("Empty crawl request.");

    public string KeyOf(Uri normalized) => CrawlUrls.DedupeKey(normalized, IgnoreQueryParameters, DeduplicateSimilarUrls);
}
