namespace ExtractApi.Work;

/// <summary>What a map is asked for (Firecrawl's <c>/map</c>, normalised by the dialect).</summary>
public sealed record MapRequest(string Url, string? Search, bool IncludeSubdomains, bool IgnoreQueryParameters, int Limit, SitemapMode Sitemap,
    IReadOnlyDictionary<string, string> Headers);
