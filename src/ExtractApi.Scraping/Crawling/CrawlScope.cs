using System.Text.RegularExpressions;

namespace ExtractApi.Scraping.Crawling;

/// <summary>
/// Decides which discovered links a crawl follows, from its start URL and <see cref="CrawlScopeOptions"/>. Invalid
/// regexes are refused by <see cref="CheckPattern"/> before a crawl is accepted; matching has a time limit so a
/// pathological pattern cannot stall the crawler.
/// </summary>
public sealed class CrawlScope
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private readonly Uri _start;
    private readonly string _startHost;
    private readonly string _startPath;
    private readonly int _startSegments;
    private readonly CrawlScopeOptions _options;
    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    public CrawlScope(Uri start, CrawlScopeOptions options)
    {
        _start = CrawlUrls.Normalize(start) ?? throw new ArgumentException("The start URL must be an absolute http(s) URL.", nameof(start));
        _options = options;
        _startHost = BareHost(_start.Host);
        var path = _start.AbsolutePath;
        _startPath = path.EndsWith('/') ? path : path + "/";
        _startSegments = Segments(_start.AbsolutePath);
        _include = options.IncludePaths.Select(Compile).ToArray();
        _exclude = options.ExcludePaths.Select(Compile).ToArray();
    }

    public CrawlScopeOptions Options => _options;

    /// <summary>Null when <paramref name="pattern"/> is a usable regex; otherwise why not.</summary>
    public static string? CheckPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, MatchTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"'{pattern}' is not a valid regular expression: {e.Message}";
        }
    }

    /// <summary>Whether <paramref name="url"/> (normalised), found at link depth <paramref name="depth"/>, is followed.</summary>
    public LinkRefusal Check(Uri url, int depth)
    {
        if (_options.MaxDiscoveryDepth is { } maxHops && depth > maxHops) return LinkRefusal.TooDeep;
        var sameHost = BareHost(url.Host) == _startHost;
        if (!sameHost && !_options.AllowExternalLinks)
        {
            var subdomain = url.Host.EndsWith("." + _startHost, StringComparison.Ordinal);
            if (!subdomain) return LinkRefusal.External;
            if (!_options.AllowSubdomains) return LinkRefusal.Subdomain;
        }
        if (sameHost && !_options.CrawlEntireDomain && !IsBelowStart(url.AbsolutePath)) return LinkRefusal.OutsideStartPath;
        if (_options.MaxPathDepth is { } maxSegments && sameHost && Segments(url.AbsolutePath) - _startSegments > maxSegments)
        {
            return LinkRefusal.TooDeep;
        }

        var subject = _options.RegexOnFullUrl ? url.AbsoluteUri : url.PathAndQuery;
        if (_include.Length > 0 && !_include.Any(regex => Matches(regex, subject))) return LinkRefusal.NotIncluded;
        if (_exclude.Any(regex => Matches(regex, subject))) return LinkRefusal.Excluded;
        return LinkRefusal.None;
    }

    private bool IsBelowStart(string path) =>
        _startPath == "/" || path.StartsWith(_startPath, StringComparison.Ordinal) || path + "/" == _startPath;

    private static bool Matches(Regex regex, string subject)
    {
        try
        {
            return regex.IsMatch(subject);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);

    private static string BareHost(string host) => host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;

    private static int Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
}
