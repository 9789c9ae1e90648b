using System.Net;
using System.Net.Sockets;

namespace ExtractApi.Scraping.Fetching;

/// <summary>
/// Refuses connections to non-public addresses at connect time, on the address the name actually resolved to, so
/// every redirect hop and every DNS answer is checked (no time-of-check/time-of-use gap with a separate lookup).
/// </summary>
public sealed class SsrfGuard(bool allowPrivateAddresses, IReadOnlyCollection<IPEndPoint>? allowedEndpoints = null)
{
    /// <summary>How the error of a refused connection begins.</summary>
    public const string RefusalMessagePrefix = "Refused to connect";

    private readonly IReadOnlyCollection<IPEndPoint> _allowedEndpoints = allowedEndpoints ?? [];

    public bool AllowPrivateAddresses { get; } = allowPrivateAddresses;

    /// <summary>Null when connecting to the address is allowed; otherwise the reason it is refused.</summary>
    public string? Refusal(IPAddress address, int port) =>
        AllowPrivateAddresses || _allowedEndpoints.Contains(new IPEndPoint(address, port)) ? null : AddressPolicy.RefusalReason(address);

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        await ConnectToAsync(await ResolveAllowedAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken),
            context.DnsEndPoint.Port, cancellationToken);

    /// <summary>
    /// The addresses of <paramref name="host"/>, when every one of them may be connected to; otherwise a
    /// <see cref="BlockedAddressException"/> naming the first refused one.
    /// </summary>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, int port, CancellationToken cancellationToken)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        var addresses = IPAddress.TryParse(name.Trim('[', ']'), out var literal) ? [literal]
            // RFC 6761: every *.localhost name is loopback, whatever a resolver says.
            : name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal) ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0) throw new BlockedAddressException($"{host} did not resolve to any address.");

        // One refused address refuses the host: a name that mixes public and private answers is a rebinding trick.
        foreach (var address in addresses)
        {
            if (Refusal(address, port) is { } reason)
            {
                throw new BlockedAddressException(
                    $"{RefusalMessagePrefix} to {host} ({address}): {reason} addresses are not allowed. " +
                    "Set Scraping:AllowPrivateAddresses=true to allow them for local use.");
            }
        }
        return addresses;
    }

    /// <summary>A plain TCP connection to the first of <paramref name="addresses"/> that answers.</summary>
    public static async ValueTask<Stream> ConnectToAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
