using System.Net;

namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// What our standalone ip-up/ip-down hook reported: pppd's ip-up argv/environment (interface, IPLOCAL, IPREMOTE,
/// DNS1/DNS2 with usepeerdns). One tab-separated line: kind, ifname, local, remote, dns1, dns2.
/// </summary>
public sealed record PppHookEvent(bool Up, string Ifname, string Local, string Remote, IReadOnlyList<string> Dns)
{
    public const string UpKind = "ip-up", DownKind = "ip-down";

    /// <summary>Null for anything that is not a well-formed event with two IPv4 addresses.</summary>
    public static PppHookEvent? Parse(string line)
    {
        var fields = line.Split('\t');
        if (fields.Length != 6 || fields[0] is not (UpKind or DownKind) || fields[1].Length == 0) return null;
        if (!IsIpv4(fields[2]) || !IsIpv4(fields[3])) return null;
        var dns = new List<string>();
        foreach (var server in fields.AsSpan(4))
            if (IsIpv4(server) && !dns.Contains(server)) dns.Add(server);
        return new PppHookEvent(fields[0] == UpKind, fields[1], fields[2], fields[3], dns);
    }

    private static bool IsIpv4(string text) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
}
