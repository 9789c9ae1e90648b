namespace ExtractApi.Scraping.Crawling;

/// <summary>Which links a crawl follows (Firecrawl's crawl options, in the crawler's terms).</summary>
public sealed record CrawlScopeOptions
{
    /// <summary>Regexes; when any is given, a URL must match one. Matched against the path (with the query), or the whole URL.</summary>
    public IReadOnlyList<string> IncludePaths { get; init; } = [];
    /// <summary>Regexes; a URL matching any is not followed.</summary>
    public IReadOnlyList<string> ExcludePaths { get; init; } = [];
    /// <summary>Match <see cref="IncludePaths"/>/<see cref="ExcludePaths"/> against the full URL instead of the path.</summary>
    public bool RegexOnFullUrl { get; init; }
    /// <summary>Follow links anywhere on the start host, not only below the start URL's path (v1 <c>allowBackwardLinks</c>).</summary>
    public bool CrawlEntireDomain { get; init; }
    /// <summary>Follow links to subdomains of the start host.</summary>
    public bool AllowSubdomains { get; init; }
    /// <summary>Follow links to other sites.</summary>
    public bool AllowExternalLinks { get; init; }
    /// <summary>Most link hops from the start URL (v2 <c>maxDiscoveryDepth</c>); sitemap URLs are at depth 0.</summary>
    public int? MaxDiscoveryDepth { get; init; }
    /// <summary>Most path segments below the start URL's path (v1 <c>maxDepth</c>).</summary>
    public int? MaxPathDepth { get; init; }
}
