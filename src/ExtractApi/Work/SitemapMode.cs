namespace ExtractApi.Work;

/// <summary>How a crawl uses the start site's sitemaps (Firecrawl v2 <c>sitemap</c>; v1 <c>ignoreSitemap</c> = skip).</summary>
public enum SitemapMode
{
    /// <summary>Sitemap URLs are crawled too, beside the links pages lead to.</summary>
    Include,
    /// <summary>Sitemaps are not read.</summary>
    Skip,
    /// <summary>Only the start URL and the sitemap's URLs are crawled; links are not followed.</summary>
    Only,
}
