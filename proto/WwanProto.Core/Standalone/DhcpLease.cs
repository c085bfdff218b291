using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using WwanProto.Core.Session;

namespace WwanProto.Core.Standalone;

/// <summary>
/// What a DHCP client's event script wrote ("name=value" lines) read back as an <see cref="IpConfig"/>:
/// udhcpc's variables for IPv4, dhclient's DHCPv6 ones for IPv6 (no router there: IPv6 routes come from RAs).
/// </summary>
public static class DhcpLease
{
    /// <summary>udhcpc: ip, mask (prefix) or subnet (dotted), router, dns, mtu; null without a usable address.</summary>
    public static IpConfig? ParseV4(IEnumerable<string> lines)
    {
        var values = Values(lines);
        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        if (Get("ip") is not { } ip || !IPAddress.TryParse(ip, out var address) || address.AddressFamily != AddressFamily.InterNetwork) return null;
        // Older busybox has only $subnet (dotted mask); newer also sets $mask (prefix length).
        int? prefix = int.TryParse(Get("mask"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 32 ? p : null;
        if (prefix is null && Get("subnet") is { } subnet && IPAddress.TryParse(subnet, out var m))
            prefix = BitOperations.PopCount(BitConverter.ToUInt32(m.GetAddressBytes()));
        // Several routers or servers come space-separated; the first router is the default gateway.
        var router = Get("router")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var dns = Get("dns")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        int? mtu = int.TryParse(Get("mtu"), NumberStyles.None, CultureInfo.InvariantCulture, out var u) && u >= 576 ? u : null;
        return new IpConfig(ip, prefix ?? 32, router, dns, mtu);
    }

    /// <summary>dhclient -6: ip (new_ip6_address), mask (new_ip6_prefixlen, default 128), dns; null without an IPv6 address.</summary>
    public static IpConfig? ParseV6(IEnumerable<string> lines)
    {
        var values = Values(lines);
        string? Get(string key) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
        if (Get("ip") is not { } ip || !IPAddress.TryParse(ip, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6) return null;
        var prefix = int.TryParse(Get("mask"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 128 ? p : 128;
        var dns = (Get("dns")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [])
            .Where(d => IPAddress.TryParse(d, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6).ToArray();
        return new IpConfig(address.ToString(), prefix, null, dns);
    }

    /// <summary>
    /// dhclient -6 -S (stateless): only dns; the address is the SLAAC one, so the result carries "::" as a
    /// placeholder the caller replaces. Null without a DNS server (nothing to use yet).
    /// </summary>
    public static IpConfig? ParseV6Dns(IEnumerable<string> lines)
    {
        var values = Values(lines);
        var dns = (values.TryGetValue("dns", out var v) ? v.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
            .Where(d => IPAddress.TryParse(d, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6).ToArray();
        return dns.Length == 0 ? null : new IpConfig(IPAddress.IPv6None.ToString(), 128, null, dns);
    }

    private static Dictionary<string, string> Values(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) values[line[..eq]] = line[(eq + 1)..].Trim();
        }
        return values;
    }
}
