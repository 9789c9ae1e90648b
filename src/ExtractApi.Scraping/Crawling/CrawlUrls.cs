using System.Text;

namespace ExtractApi.Scraping.Crawling;

/// <summary>
/// How a crawl tells URLs apart. <see cref="Normalize"/> gives the URL the crawler fetches (no fragment, host in lower
/// case, default port dropped, dot segments resolved, empty path as <c>/</c>); <see cref="DedupeKey"/> gives the key a
/// crawl visits once, which the options can make coarser.
/// </summary>
public static class CrawlUrls
{
    /// <summary>The URL to fetch, or null when it is not an absolute http(s) URL.</summary>
    public static Uri? Normalize(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) ? Normalize(parsed) : null;

    /// <summary>The URL to fetch, or null when it is not an absolute http(s) URL.</summary>
    public static Uri? Normalize(Uri url)
    {
        if (!url.IsAbsoluteUri || !PageUrls.IsHttp(url) || string.IsNullOrEmpty(url.Host)) return null;
        var builder = new UriBuilder(url) { Fragment = "", Host = url.Host.ToLowerInvariant() };
        if (url.IsDefaultPort) builder.Port = -1;
        if (builder.Path.Length == 0) builder.Path = "/";
        return builder.Uri;
    }

    /// <summary>
    /// The key a crawl visits once. By default the normalised URL with its query parameters in sorted order;
    /// <paramref name="ignoreQueryParameters"/> drops the query; <paramref name="similarUrls"/> (Firecrawl's
    /// <c>deduplicateSimilarURLs</c>) also treats http and https, <c>www.</c> and the bare host, a trailing slash and a
    /// trailing <c>index.html</c>/<c>index.htm</c>/<c>index.php</c> as the same page.
    /// </summary>
    public static string DedupeKey(Uri normalized, bool ignoreQueryParameters, bool similarUrls)
    {
        var key = new StringBuilder(normalized.AbsoluteUri.Length);
        var host = normalized.Host;
        if (similarUrls)
        {
            if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
            key.Append("//");
        }
        else
        {
            key.Append(normalized.Scheme).Append("://");
        }
        key.Append(host);
        if (!normalized.IsDefaultPort) key.Append(':').Append(normalized.Port);

        var path = normalized.AbsolutePath;
        if (similarUrls)
        {
            foreach (var index in IndexFiles)
            {
                if (path.EndsWith(index, StringComparison.OrdinalIgnoreCase) && path[^(index.Length + 1)] == '/')
                {
                    path = path[..^index.Length];
                    break;
                }
            }
            path = path.TrimEnd('/');
        }
        key.Append(path.Length == 0 ? "/" : path);

        if (!ignoreQueryParameters && normalized.Query.Length > 1)
        {
            var parameters = normalized.Query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries);
            Array.Sort(parameters, StringComparer.Ordinal);
            key.Append('?').AppendJoin('&', parameters);
        }
        return key.ToString();
    }

    private static readonly string[] IndexFiles = ["index.html", "index.htm", "index.php"];
}
