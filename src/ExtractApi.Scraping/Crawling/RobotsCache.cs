using System.Collections.Concurrent;
using ExtractApi.Scraping.Fetching;

namespace ExtractApi.Scraping.Crawling;

/// <summary>
/// The robots.txt of each origin (scheme, host, port) a crawl touches, fetched once through the crawl's fetcher (so
/// through the SSRF guard) and kept for the crawl. As RFC 9309 2.3.1 says: a 2xx file is obeyed, a 4xx means no
/// rules, a 5xx, a 429 or an unreachable server means everything is disallowed. An origin the SSRF guard refuses gets
/// no rules here: its pages fail with the guard's error instead.
/// </summary>
public sealed class RobotsCache(PageFetcher fetcher, FetchOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsTxt>>> _byOrigin = new(StringComparer.Ordinal);

    public Task<RobotsTxt> ForAsync(Uri url, CancellationToken cancellationToken) =>
        _byOrigin.GetOrAdd(url.GetLeftPart(UriPartial.Authority), origin =>
            new Lazy<Task<RobotsTxt>>(() => FetchAsync(new Uri(origin + "/robots.txt"), cancellationToken))).Value;

    private async Task<RobotsTxt> FetchAsync(Uri robotsUrl, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(robotsUrl, options with { MaxBodyBytes = RobotsTxt.MaxBytes, MaxRedirects = 5 }, cancellationToken);
        if (fetched.Refused) return RobotsTxt.AllowAll;
        return fetched.StatusCode switch
        {
            >= 200 and < 300 => RobotsTxt.Parse(System.Text.Encoding.UTF8.GetString(fetched.Body)),
            429 => RobotsTxt.DisallowAll,
            >= 400 and < 500 => RobotsTxt.AllowAll,
            _ => RobotsTxt.DisallowAll,
        };
    }
}
