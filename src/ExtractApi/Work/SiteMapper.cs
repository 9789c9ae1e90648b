using System.Text.Json;
using ExtractApi.Scraping.Crawling;
using ExtractApi.Scraping.Fetching;
using Microsoft.Extensions.Options;

namespace ExtractApi.Work;

/// <summary>
/// Lists a site's URLs quickly, without scraping it: the sitemaps (robots.txt <c>Sitemap:</c> lines,
/// <c>/sitemap.xml</c>, indexes, gzip) and the links of the first pages (the start page, then up to
/// <see cref="DiscoveryPages"/> of the pages it links to). Only URLs of the start host (and its subdomains when asked)
/// are listed, each once by dedupe key, the start URL first; <c>search</c> keeps those whose URL, title or description
/// contains every word of it. Fetches go through the scraper's fetcher, so through the SSRF guard.
/// </summary>
public sealed class SiteMapper(PageFetcher fetcher, IOptions<ScrapingSettings> settings)
{
    public const int DiscoveryPages = 10;

    public async Task<IReadOnlyList<MappedLink>> MapAsync(MapRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = CrawlUrls.Normalize(request.Url) ?? throw new ArgumentException("The URL must be an absolute http(s) URL.", nameof(request));
        var scope = new CrawlScope(start, new CrawlScopeOptions { CrawlEntireDomain = true, AllowSubdomains = request.IncludeSubdomains });
        var options = new FetchOptions
        {
            Timeout = timeout,
            MaxBodyBytes = settings.Value.MaxBodyBytes,
            MaxRedirects = settings.Value.MaxRedirects,
            Headers = request.Headers,
            MaxRetries = 1,
        };
        var found = new Links(request, scope);
        found.Add(start.AbsoluteUri, null, null);

        var sitemapTask = request.Sitemap == SitemapMode.Skip ? Task.FromResult<IReadOnlyList<string>>([]) : SitemapUrlsAsync(start, options, request.Limit, cancellationToken);
        if (request.Sitemap != SitemapMode.Only)
        {
            var next = (await DiscoverAsync(start, options, found, cancellationToken, isStart: true)).Take(DiscoveryPages).ToList();
            await Parallel.ForEachAsync(next, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (url, token) => await DiscoverAsync(url, options, found, token));
        }
        foreach (var url in await sitemapTask) found.Add(url, null, null);
        return found.Result();
    }

    /// <summary>
    /// Fetches one page: its title and description, and its links added to the map. Returns the links in scope. A start
    /// page the SSRF guard refuses throws <see cref="BlockedAddressException"/>: the map of a refused site is an error.
    /// </summary>
    private async Task<IReadOnlyList<Uri>> DiscoverAsync(Uri url, FetchOptions options, Links found, CancellationToken cancellationToken, bool isStart = false)
    {
        var fetched = await fetcher.FetchAsync(url, options, cancellationToken);
        if (isStart && fetched.Refused) throw new BlockedAddressException(fetched.Error!);
        if (!fetched.Succeeded || fetched.StatusCode is not (>= 200 and < 300)) return [];
        var page = PageDocuments.Build(0, url.AbsoluteUri, fetched, Discovery, new(settings.Value.PageProcessingTimeout, cancellationToken));
        string? title = null, description = null;
        if (page.MetadataJson is { } json)
        {
            using var metadata = JsonDocument.Parse(json);
            title = metadata.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            description = metadata.RootElement.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        }
        found.Add(url.AbsoluteUri, title, description);
        var inScope = new List<Uri>();
        foreach (var link in page.FoundLinks)
        {
            if (found.Add(link, null, null) is { } added) inScope.Add(added);
        }
        return inScope;
    }

    private async Task<IReadOnlyList<string>> SitemapUrlsAsync(Uri start, FetchOptions options, int limit, CancellationToken cancellationToken)
    {
        var robots = await new RobotsCache(fetcher, options).ForAsync(start, cancellationToken);
        return await SitemapCollector.CollectAsync(fetcher, options, robots.Sitemaps.Append(new Uri(start, "/sitemap.xml").AbsoluteUri),
            limit * 2, cancellationToken);
    }

    /// <summary>Links only (no Markdown needed): the page converter reads metadata and links from the whole page.</summary>
    private static readonly ScrapeJobRequest Discovery = new([], ["links"], false, [], [], new Dictionary<string, string>(), 30_000, null);

    /// <summary>The map being built: first-seen order, one entry per dedupe key, titles filled in when a page is fetched.</summary>
    private sealed class Links(MapRequest request, CrawlScope scope)
    {
        private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
        private readonly List<MappedLink> _links = [];

        /// <summary>The URL added or already there (normalised), or null when it is out of scope.</summary>
        public Uri? Add(string url, string? title, string? description)
        {
            if (CrawlUrls.Normalize(url) is not { } normalized || scope.Check(normalized, 0) != LinkRefusal.None) return null;
            if (request.IgnoreQueryParameters) normalized = new UriBuilder(normalized) { Query = "" }.Uri;
            var key = CrawlUrls.DedupeKey(normalized, request.IgnoreQueryParameters, similarUrls: true);
            lock (_links)
            {
                if (_byKey.TryGetValue(key, out var index))
                {
                    if (title is not null) _links[index] = _links[index] with { Title = title, Description = description };
                }
                else
                {
                    _byKey[key] = _links.Count;
                    _links.Add(new MappedLink(normalized.AbsoluteUri, title, description));
                }
            }
            return normalized;
        }

        public List<MappedLink> Result()
        {
            IEnumerable<MappedLink> links;
            lock (_links) links = _links.ToList();
            if (request.Search is { Length: > 0 } search)
            {
                var words = search.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                links = links.Where(link => words.All(word =>
                    link.Url.Contains(word, StringComparison.OrdinalIgnoreCase)
                    || (link.Title?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)
                    || (link.Description?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)));
            }
            return links.Take(request.Limit).ToList();
        }
    }
}
