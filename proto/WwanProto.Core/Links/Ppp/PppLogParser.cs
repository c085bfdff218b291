namespace WwanProto.Core.Links.Ppp;

/// <summary>
/// Reads what pppd logs with `nodetach` (its stdout): the IPCP result lines of ipcp.c ("local  IP address",
/// "remote IP address", "primary   DNS address", "secondary DNS address") and the interface it used.
/// </summary>
public sealed class PppLogParser
{
    private readonly List<string> _dns = [];

    public string? Interface { get; private set; }
    public string? LocalAddress { get; private set; }
    public string? RemoteAddress { get; private set; }
    public string? LocalLinkLocal { get; private set; }
    public IReadOnlyList<string> Dns => _dns;
    /// <summary>The last line that was not one of the above: usually why pppd stopped.</summary>
    public string? LastOther { get; private set; }

    /// <summary>IPCP finished: both addresses are known.</summary>
    public bool Ipv4Up => LocalAddress is not null && RemoteAddress is not null;

    /// <summary>Feeds one line; returns true when it was an address/DNS line.</summary>
    public bool Feed(string line)
    {
        var text = line.Trim();
        if (After(text, "local  IP address ") is { } local) LocalAddress = local;
        else if (After(text, "remote IP address ") is { } remote) RemoteAddress = remote;
        else if (After(text, "primary   DNS address ") is { } dns1) _dns.Add(dns1);
        else if (After(text, "secondary DNS address ") is { } dns2) _dns.Add(dns2);
        else if (After(text, "local  LL address ") is { } ll) LocalLinkLocal = ll;
        else if (After(text, "Using interface ") is { } ifname) { Interface = ifname; return false; }
        else
        {
            if (text.Length > 0) LastOther = text;
            return false;
        }
        return true;
    }

    private static string? After(string text, string prefix)
    {
        if (!text.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var value = text[prefix.Length..].Trim();
        return value.Length == 0 ? null : value;
    }
}
