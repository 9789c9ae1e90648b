using System.Net;
using System.Net.Sockets;

namespace ExtractApi.Scraping.Fetching;

/// <summary>
/// Which IP addresses a scrape or a webhook may connect to. By default only public unicast addresses: loopback,
/// private, link-local, CGNAT, multicast, documentation, reserved ranges and their IPv6 equivalents (including
/// IPv4-mapped, NAT64 and 6to4 forms that embed one, local-use NAT64 and Teredo) are refused.
/// </summary>
public static class AddressPolicy
{
    /// <summary>Null when the address is public; otherwise why it is refused ("loopback", "private"...).</summary>
    public static string? RefusalReason(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6) return RefusalReason(address.MapToIPv4());
            var bytes = address.GetAddressBytes();
            if (address.Equals(IPAddress.IPv6Loopback)) return "loopback";
            if (address.Equals(IPAddress.IPv6Any)) return "unspecified";
            if (bytes[0] == 0xff) return "multicast";
            if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80) return "link-local";
            if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0xc0) return "site-local";
            if ((bytes[0] & 0xfe) == 0xfc) return "private (unique local)";
            if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8) return "documentation";
            // 64:ff9b::/96 (NAT64) and ::/96 (IPv4-compatible) embed an IPv4 address in the last four bytes.
            if ((bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..12].All(b => b == 0))
                || bytes[..12].All(b => b == 0))
            {
                return RefusalReason(new IPAddress(bytes[12..16])) ?? null;
            }
            // 64:ff9b:1::/48 (local-use NAT64, RFC 8215) translates to any IPv4 address, at a place the operator picks.
            if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4] == 0x00 && bytes[5] == 0x01) return "local-use NAT64 (64:ff9b:1::/48)";
            // 2001::/32 (Teredo) tunnels to an IPv4 server and client through a relay.
            if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x00 && bytes[3] == 0x00) return "Teredo (2001::/32)";
            // 2002::/16 (6to4) embeds one in bytes 2..5.
            if (bytes[0] == 0x20 && bytes[1] == 0x02) return RefusalReason(new IPAddress(bytes[2..6]));
            return null;
        }

        var v4 = address.GetAddressBytes();
        return v4 switch
        {
            [0, ..] => "unspecified (0.0.0.0/8)",
            [10, ..] => "private (10.0.0.0/8)",
            [100, >= 64 and <= 127, ..] => "carrier-grade NAT (100.64.0.0/10)",
            [127, ..] => "loopback",
            [169, 254, ..] => "link-local",
            [172, >= 16 and <= 31, ..] => "private (172.16.0.0/12)",
            [192, 0, 0, _] => "reserved (192.0.0.0/24)",
            [192, 0, 2, _] or [198, 51, 100, _] or [203, 0, 113, _] => "documentation",
            [192, 168, ..] => "private (192.168.0.0/16)",
            [198, 18 or 19, ..] => "benchmarking (198.18.0.0/15)",
            [>= 224 and <= 239, ..] => "multicast",
            [>= 240, ..] => "reserved (240.0.0.0/4)",
            _ => null,
        };
    }
}
