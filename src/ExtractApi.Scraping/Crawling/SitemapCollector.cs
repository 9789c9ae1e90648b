using ExtractApi.Scraping.Fetching;

namespace ExtractApi.Scraping.Crawling;

/// <summary>
/// Page URLs from a site's sitemaps: the given roots (robots.txt <c>Sitemap:</c> lines, <c>/sitemap.xml</c>) and the
/// sitemap indexes they lead to, breadth first, each file fetched once, up to a number of files and of URLs. A sitemap
/// that cannot be fetched or parsed is skipped.
/// </summary>
public static class SitemapCollector
{
    public const int MaxFiles = 100;

    public static async Task<IReadOnlyList<string>> CollectAsync(PageFetcher fetcher, FetchOptions options, IEnumerable<string> roots,
        int maxUrls, CancellationToken cancellationToken)
    {
        var pages = new List<string>();
        var seenPages = new HashSet<string>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(roots.Where(root => seenFiles.Add(root)));
        var fetchedFiles = 0;
        var sitemapOptions = options with { MaxBodyBytes = Sitemap.MaxUncompressedBytes };
        while (queue.Count > 0 && fetchedFiles < MaxFiles && pages.Count < maxUrls)
        {
            if (!Uri.TryCreate(queue.Dequeue(), UriKind.Absolute, out var url)) continue;
            fetchedFiles++;
            var fetched = await fetcher.FetchAsync(url, sitemapOptions, cancellationToken);
            if (fetched.StatusCode is not (>= 200 and < 300) || fetched.Body.Length == 0) continue;
            var sitemap = Sitemap.Parse(fetched.Body);
            foreach (var page in sitemap.Pages)
            {
                if (pages.Count >= maxUrls) break;
                if (seenPages.Add(page)) pages.Add(page);
            }
            foreach (var nested in sitemap.Sitemaps)
            {
                if (seenFiles.Add(nested)) queue.Enqueue(nested);
            }
        }
        return pages;
    }
}
