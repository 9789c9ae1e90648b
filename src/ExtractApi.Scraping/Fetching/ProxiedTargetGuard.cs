using System.Net;
using System.Net.Sockets;

namespace ExtractApi.Scraping.Fetching;

/// <summary>
/// The SSRF guard for requests sent through an explicitly configured forward proxy. Connections then go to the proxy,
/// so the connect-time check would only see the proxy's address: instead, every request (every redirect hop, since the
/// fetcher follows them itself) has its target resolved and checked here before it is handed to the proxy, and a name
/// with any refused address is refused. The proxy resolves the name again; a resolver that answers differently a
/// moment later is outside what a proxied fetch can check, so deployments that need that guarantee run without one.
/// </summary>
public sealed class ProxiedTargetGuard(SsrfGuard guard, Uri proxy) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.RequestUri ?? throw new InvalidOperationException("A proxied request needs an absolute URI.");
        try
        {
            await guard.ResolveAllowedAsync(target.IdnHost, target.Port, cancellationToken);
        }
        catch (BlockedAddressException blocked)
        {
            // The same shape a refused connect has: HttpClient wraps connect failures in an HttpRequestException.
            throw new HttpRequestException(blocked.Message, blocked);
        }
        catch (SocketException e)
        {
            throw new HttpRequestException($"Could not resolve {target.IdnHost}: {e.Message}", e);
        }
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// For the proxied handler's <see cref="SocketsHttpHandler.ConnectCallback"/>: the configured proxy is the operator's
    /// choice and may sit on a private network; a connection anywhere else (a proxy bypass) goes through the guard.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        if (!string.Equals(endpoint.Host, proxy.IdnHost, StringComparison.OrdinalIgnoreCase) || endpoint.Port != proxy.Port)
        {
            return await guard.ConnectAsync(context, cancellationToken);
        }
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal) ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        return await SsrfGuard.ConnectToAsync(addresses, endpoint.Port, cancellationToken);
    }
}
