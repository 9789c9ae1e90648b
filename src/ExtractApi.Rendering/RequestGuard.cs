using System.Collections.Concurrent;
using System.Net.Sockets;
using ExtractApi.Scraping.Fetching;

namespace ExtractApi.Rendering;

/// <summary>
/// Decides, for every request a rendered page makes (the document, each redirect hop, subresources, XHR/fetch,
/// frames), whether it may go out: only http and https (data: and blob: never leave the browser), never a known ad or
/// tracker host when ads are blocked, and only to a host whose every address the <see cref="SsrfGuard"/> allows — the
/// same address policy as plain fetches. One instance per page: verdicts are remembered per host and port for that page.
/// </summary>
public sealed class RequestGuard(SsrfGuard guard, bool blockAds)
{
    private readonly ConcurrentDictionary<(string Host, int Port), Task<string?>> _verdicts = new();

    /// <summary>Null when the request may go out; otherwise why not.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "not an absolute URL";
        if (uri.Scheme is "data" or "blob" or "about") return null;
        if (uri.Scheme is not ("http" or "https")) return $"the {uri.Scheme}: scheme is not allowed";
        if (blockAds && AdHosts.IsAdHost(uri.IdnHost)) return "ad or tracker host (blockAds)";
        return await _verdicts.GetOrAdd((uri.IdnHost, uri.Port), key => CheckAsync(key.Host, key.Port, cancellationToken));
    }

    private async Task<string?> CheckAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            await guard.ResolveAllowedAsync(host, port, cancellationToken);
            return null;
        }
        catch (BlockedAddressException blocked)
        {
            return blocked.Message;
        }
        catch (SocketException e)
        {
            return $"could not resolve {host}: {e.Message}";
        }
    }
}
