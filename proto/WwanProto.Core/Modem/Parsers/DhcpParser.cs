using System.Numerics;

namespace WwanProto.Core.Modem.Parsers;

/// <summary>
/// AT^DHCP? decoded (§2.8): dotted quads, the netmask's prefix length, DNS servers (null when 0), and the
/// link rates in bit/s.
/// </summary>
public sealed record DhcpInfo(string Address, string Netmask, int PrefixLength, string Gateway, string DhcpServer,
    string? Dns1, string? Dns2, long? MaxRxRate, long? MaxTxRate);

/// <summary>AT^DHCPV6? (§2.8): the address in colon notation, DNS servers (null for "::"), rates.</summary>
public sealed record Dhcpv6Info(string Address, string? Dns1, string? Dns2, long? MaxRxRate, long? MaxTxRate);

public static class DhcpParser
{
    /// <summary>
    /// "^DHCP:a3ec5c64,f8ffffff,..." / "^DHCP: 1010A0A,FCFFFFFF,..." / with 0x: every address is the network-order
    /// bytes read as a little-endian integer, printed in hex with or without padding, prefix or case (§4 item 23).
    /// </summary>
    public static DhcpInfo? ParseDhcp(string line)
    {
        var f = AtFields.After(line, "^DHCP:");
        if (f is null || f.Length < 4) return null;
        if (Address(f[0]) is not { } ip || Address(f[1]) is not { } mask || Address(f[2]) is not { } gw) return null;
        var server = Address(f[3]) ?? gw;
        return new DhcpInfo(Dotted(ip), Dotted(mask), BitOperations.PopCount(mask), Dotted(gw), Dotted(server),
            f.Length > 4 && Address(f[4]) is { } d1 and not 0 ? Dotted(d1) : null,
            f.Length > 5 && Address(f[5]) is { } d2 and not 0 ? Dotted(d2) : null,
            AtFields.Long(f, 6), AtFields.Long(f, 7));
    }

    public static Dhcpv6Info? ParseDhcpv6(string line)
    {
        var f = AtFields.After(line, "^DHCPV6:");
        if (f is null || f.Length == 0 || !System.Net.IPAddress.TryParse(f[0], out var address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return null;
        return new Dhcpv6Info(address.ToString(), V6(f, 4), V6(f, 5), AtFields.Long(f, 6), AtFields.Long(f, 7));
    }

    private static string? V6(string[] f, int i) =>
        i < f.Length && System.Net.IPAddress.TryParse(f[i], out var a) && !a.Equals(System.Net.IPAddress.IPv6Any) ? a.ToString() : null;

    private static uint? Address(string field) => AtFields.Hex(field) is { } v && v <= uint.MaxValue ? (uint)v : null;

    /// <summary>Bytes least significant first: 0xA3EC5C0A → 10.92.236.163.</summary>
    public static string Dotted(uint v) => $"{v & 255}.{(v >> 8) & 255}.{(v >> 16) & 255}.{v >> 24}";
}
