using System.Net;

namespace WwanProto.ModemSim.Net;

/// <summary>
/// The IPv4 the network hands to this simulated modem: a /30 out of 100.64.0.0/10 picked from the pid and an
/// instance counter, so parallel runs don't collide. gateway = .1 of the /30, client = .2, DNS = the gateway.
/// </summary>
public sealed record AddressPlan(IPAddress Client, IPAddress Gateway, IPAddress Netmask, int PrefixLength, IPAddress Dns1, IPAddress Dns2)
{
    private static int _counter;

    public static AddressPlan Allocate()
    {
        var n = Interlocked.Increment(ref _counter);
        var slot = (uint)((Environment.ProcessId * 977L + n * 131L) % (1 << 20));
        var network = (100u << 24) | (64u << 16) | (slot << 2);
        return new AddressPlan(V4(network + 2), V4(network + 1), V4(0xFFFFFFFC), 30, V4(network + 1), IPAddress.Any);
    }

    /// <summary>
    /// A device with a router inside (HiLink stick 192.168.8.1, Android phone 192.168.42.129): the same fixed /24 on
    /// every device, so its host end may only ever live in a test's own namespace.
    /// </summary>
    public static AddressPlan Router(string gateway, string client) =>
        new(IPAddress.Parse(client), IPAddress.Parse(gateway), IPAddress.Parse("255.255.255.0"), 24, IPAddress.Parse(gateway), IPAddress.Any);

    private static IPAddress V4(uint hostOrder) =>
        new([(byte)(hostOrder >> 24), (byte)(hostOrder >> 16), (byte)(hostOrder >> 8), (byte)hostOrder]);

    /// <summary>
    /// ^DHCP number (§2.8): the network-order bytes read as a little-endian integer, printed in hex.
    /// 10.92.236.163 -> A3EC5C0A. Styles: padded (%08X), unpadded (%X), 0x (0x%08X), lower (%08x).
    /// </summary>
    public static string DhcpHex(IPAddress address, string style)
    {
        var b = address.GetAddressBytes();
        var v = (uint)(b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24);
        return style switch
        {
            "unpadded" => v.ToString("X", System.Globalization.CultureInfo.InvariantCulture),
            "0x" => "0x" + v.ToString("X8", System.Globalization.CultureInfo.InvariantCulture),
            "lower" => v.ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString("X8", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A ULA IPv6 pair for ^DHCPV6 (not configured on the veth).</summary>
    public string Ipv6Client => $"fd77:7773:{Slot >> 16:x}:{Slot & 0xffff:x}::2";
    /// <summary>The /64 that <see cref="Ipv6Client"/> and <see cref="Ipv6Dns"/> are in, as "xxxx:...::" (what SLAAC addresses start with).</summary>
    public string Ipv6Prefix => $"fd77:7773:{Slot >> 16:x}:{Slot & 0xffff:x}::";
    public string Ipv6Dns => $"fd77:7773:{Slot >> 16:x}:{Slot & 0xffff:x}::1";
    private uint Slot { get { var b = Gateway.GetAddressBytes(); return (uint)(b[1] << 16 | b[2] << 8 | b[3]); } }
}
