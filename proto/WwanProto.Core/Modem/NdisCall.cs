using WwanProto.Core.At;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Session;

namespace WwanProto.Core.Modem;

/// <summary>The state of the NDIS call for one IP family: from ^NDISSTAT URCs and ^NDISSTATQRY? answers.</summary>
public sealed record NdisStatus(bool Connected, int? Cause, string Family);

/// <summary>
/// Huawei NDIS data-call commands (huawei-modems.md §2.8): ^NDISDUP, ^NDISSTATQRY?, ^NDISSTAT, ^DHCP?, ^DHCPV6?.
/// </summary>
public static class NdisCall
{
    public const string StatUrcPrefix = "^NDISSTAT:";

    /// <summary>Huawei ^NDISDUP auth code for the `auth` option (§2.8: 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP).</summary>
    public static int AuthCode(string auth) => auth switch
    {
        "none" => 0,
        "pap" => 1,
        "chap" => 2,
        "both" => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(auth), auth, "unknown auth"),
    };

    /// <summary>
    /// AT^NDISDUP=&lt;cid&gt;,1[,"apn"[,"user","pass",auth]]. Without credentials the short form: the E3276
    /// rejects an explicit auth=0 (§2.8).
    /// </summary>
    public static string DialCommand(int cid, string? apn, string auth, string? user, string? password)
    {
        var command = $"AT^NDISDUP={cid},1";
        if (apn is null && (auth == "none" || user is null)) return command;
        command += "," + AtArguments.Quote("apn", apn ?? "");
        if (auth == "none" || user is null) return command;
        return command + $",{AtArguments.Quote("username", user)},{AtArguments.Quote("password", password ?? "")},{AuthCode(auth)}";
    }

    /// <summary>Every family in a ^NDISSTAT / ^NDISSTATEX / ^NDISSTATQRY line (the AT engine's parser); no family means IPV4.</summary>
    public static IReadOnlyList<NdisStatus> Parse(string line) =>
        NdisStatParser.Parse(line).Select(s => new NdisStatus(s.Stat is 1 or 3, s.Cause, s.Family ?? "IPV4")).ToList();

    public static async Task<(IReadOnlyList<NdisStatus> Status, AtResponse Answer)> QueryAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        var answer = await at.SendAsync("AT^NDISSTATQRY?", timeout, ct).ConfigureAwait(false);
        var all = new List<NdisStatus>();
        if (answer.IsOk)
            foreach (var line in answer.Lines)
                if (line.StartsWith("^NDISSTATQRY:", StringComparison.OrdinalIgnoreCase)) all.AddRange(Parse(line));
        return (all, answer);
    }

    /// <summary>^DHCP? → static IPv4 configuration (§2.8; decoding by the AT engine's parser).</summary>
    public static IpConfig? ParseDhcp(string line, int? mtu)
    {
        if (DhcpParser.ParseDhcp(line) is not { } dhcp || dhcp.Address == "0.0.0.0") return null;
        var dns = new List<string>();
        if (dhcp.Dns1 is { } d1) dns.Add(d1);
        if (dhcp.Dns2 is { } d2) dns.Add(d2);
        return new IpConfig(dhcp.Address, dhcp.PrefixLength, dhcp.Gateway == "0.0.0.0" ? null : dhcp.Gateway, dns, mtu);
    }

    /// <summary>^DHCPV6? → IPv6 address (/64: the modem reports no prefix length) and DNS.</summary>
    public static IpConfig? ParseDhcpv6(string line, int? mtu)
    {
        if (DhcpParser.ParseDhcpv6(line) is not { } dhcp || dhcp.Address == "::") return null;
        var dns = new List<string>();
        if (dhcp.Dns1 is { } d1) dns.Add(d1);
        if (dhcp.Dns2 is { } d2) dns.Add(d2);
        return new IpConfig(dhcp.Address, 64, null, dns, mtu);
    }

    /// <summary>SM cause text for ^NDISSTAT:0,&lt;cause&gt; (3GPP 24.008 §10.5.6.6, the ones §2.8 names and their neighbours).</summary>
    public static string CauseText(int? cause) => cause switch
    {
        null or 0 => "no cause given",
        8 => "operator determined barring",
        26 => "insufficient resources",
        27 => "missing or unknown APN",
        28 => "unknown PDP address or type",
        29 => "user authentication failed",
        30 => "activation rejected by GGSN",
        31 => "activation rejected, unspecified",
        32 => "service option not supported",
        33 => "requested service option not subscribed",
        34 => "service option temporarily out of order",
        36 => "regular deactivation",
        38 => "network failure",
        39 => "reactivation requested",
        50 => "PDP type IPv4 only allowed",
        51 => "PDP type IPv6 only allowed",
        112 => "APN restriction value incompatible",
        _ => $"cause {cause}",
    };

    /// <summary>Rejects caused by the configuration (APN, credentials, subscription): retrying the same config cannot help.</summary>
    public static bool IsConfigurationCause(int? cause) => cause is 27 or 29 or 33;
}
