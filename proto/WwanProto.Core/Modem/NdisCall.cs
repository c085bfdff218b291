using System.Globalization;
using WwanProto.Core.At;
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

    /// <summary>Every family in a "^NDISSTAT:0,33,,"IPV4"" or "^NDISSTATQRY: 1,,,"IPV4",0,,,"IPV6"" line.</summary>
    public static IReadOnlyList<NdisStatus> Parse(string line)
    {
        var colon = line.IndexOf(':');
        var fields = line[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries);
        var result = new List<NdisStatus>();
        // Groups of four: stat, cause, wx_state, family. "^NDISSTATQry:1" (one field) is IPV4 connected.
        for (var i = 0; i < fields.Length; i += 4)
        {
            if (!int.TryParse(fields[i], out var stat)) break;
            int? cause = i + 1 < fields.Length && int.TryParse(fields[i + 1], out var c) ? c : null;
            var family = i + 3 < fields.Length ? fields[i + 3].Trim('"').ToUpperInvariant() : "IPV4";
            result.Add(new NdisStatus(stat is 1 or 3, cause, family));
        }
        return result;
    }

    public static async Task<(IReadOnlyList<NdisStatus> Status, AtResponse Answer)> QueryAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        var answer = await at.SendAsync("AT^NDISSTATQRY?", timeout, ct).ConfigureAwait(false);
        var all = new List<NdisStatus>();
        if (answer.IsOk)
            foreach (var line in answer.Lines)
                if (line.StartsWith("^NDISSTATQRY:", StringComparison.OrdinalIgnoreCase)) all.AddRange(Parse(line));
        return (all, answer);
    }

    /// <summary>"^DHCP:a3ec5c64,f8ffffff,a1ec5c64,a1ec5c64,2200b10a,74bba80a,236800,236800" → 100.92.236.163/29 … (§2.8: little-endian hex).</summary>
    public static IpConfig? ParseDhcp(string line, int? mtu)
    {
        var fields = line[(line.IndexOf(':') + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length < 6) return null;
        var values = new uint?[6];
        for (var i = 0; i < 6; i++) values[i] = Hex(fields[i]);
        if (values[0] is not { } ip || ip == 0 || values[1] is not { } mask) return null;
        var dns = new List<string>();
        foreach (var d in new[] { values[4], values[5] })
            if (d is { } v && v != 0) dns.Add(Dotted(v));
        return new IpConfig(Dotted(ip), System.Numerics.BitOperations.PopCount(mask), values[2] is { } gw && gw != 0 ? Dotted(gw) : null, dns, mtu);
    }

    /// <summary>"^DHCPV6:2001:db8::1,::,::,::,2001:db8::53,::,150000000,150000000" → 2001:db8::1/64.</summary>
    public static IpConfig? ParseDhcpv6(string line, int? mtu)
    {
        var fields = line[(line.IndexOf(':') + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length < 1 || !System.Net.IPAddress.TryParse(fields[0], out var address) || address.Equals(System.Net.IPAddress.IPv6None)) return null;
        var dns = new List<string>();
        for (var i = 4; i <= 5 && i < fields.Length; i++)
            if (System.Net.IPAddress.TryParse(fields[i], out var d) && !d.Equals(System.Net.IPAddress.IPv6None)) dns.Add(d.ToString());
        string? gateway = fields.Length > 2 && System.Net.IPAddress.TryParse(fields[2], out var g) && !g.Equals(System.Net.IPAddress.IPv6None) ? g.ToString() : null;
        return new IpConfig(address.ToString(), 64, gateway, dns, mtu);
    }

    private static uint? Hex(string text)
    {
        var t = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return uint.TryParse(t, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static string Dotted(uint v) => $"{v & 255}.{(v >> 8) & 255}.{(v >> 16) & 255}.{v >> 24}";

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
