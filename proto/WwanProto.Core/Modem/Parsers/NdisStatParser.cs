namespace WwanProto.Core.Modem.Parsers;

/// <summary>
/// One IP family's data-call state from ^NDISSTAT / ^NDISSTATEX / ^NDISSTATQRY (§2.8). Stat 1 connected,
/// 0 disconnected (Balong also prints 0 while still connecting, so 0 after ^NDISDUP OK means "not yet"),
/// 2/3 connecting/disconnecting on some modules. Cause is the 3GPP SM cause of a drop or reject.
/// Family is "IPV4"/"IPV6", or null when the firmware prints none ("^NDISSTATQry:1").
/// </summary>
public sealed record NdisState(int Stat, int? Cause, string? Family, int? Cid)
{
    public bool Connected => Stat == 1;
}

public static class NdisStatParser
{
    /// <summary>
    /// Every family's state in one line: "^NDISSTAT:1,,,"IPV4"", "^NDISSTAT: 1,,,IPV4", "^NDISSTAT:0,33,,"IPV4"",
    /// "^NDISSTATQRY: 0,,,"IPV4",0,,,"IPV6"", "^NDISSTATQry:1", "^NDISSTATEX:1,1,,,"IPV4"" (cid first),
    /// and the K5160 form with a trailing ",&lt;cid&gt;". Empty when the line is none of these.
    /// </summary>
    public static IReadOnlyList<NdisState> Parse(string line)
    {
        var result = new List<NdisState>();
        int? cid = null;
        string[]? f;
        if ((f = AtFields.After(line, "^NDISSTATEX:")) is not null)
        {
            cid = AtFields.Int(f, 0);
            f = f.Length > 1 ? f[1..] : [];
        }
        else f = AtFields.After(line, "^NDISSTATQRY:") ?? AtFields.After(line, "^NDISSTAT:");
        if (f is null || f.Length == 0 || f[0].StartsWith('(')) return result;

        var i = 0;
        while (i < f.Length && AtFields.Int(f, i) is { } stat)
        {
            // A block is <stat>,<cause>,<wx_state>,<family>; a lone stat has no family.
            if (i + 3 < f.Length && IsFamily(f[i + 3]))
            {
                result.Add(new NdisState(stat, AtFields.Int(f, i + 1), f[i + 3].ToUpperInvariant(), cid));
                i += 4;
            }
            else if (i == 0)
            {
                // "^NDISSTATQry:1" or a family-less "<stat>,<cause>": one state without a family.
                result.Add(new NdisState(stat, AtFields.Int(f, 1), null, cid));
                break;
            }
            else if (result.Count > 0 && i == f.Length - 1 && cid is null)
            {
                // K5160: "^NDISSTAT:1,,,"IPV4",1" — the trailing number is the cid.
                var c = stat;
                for (var k = 0; k < result.Count; k++) result[k] = result[k] with { Cid = c };
                i += 1;
            }
            else break;
        }
        return result;
    }

    /// <summary>AT^NDISSTATQRY=? on Balong MBB: "^NDISSTATQRY: (1)" lists the connected cids; "()" none.</summary>
    public static IReadOnlyList<int>? ParseConnectedCids(string line)
    {
        var text = line.Trim();
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (!text.StartsWith("^NDISSTATQRY", StringComparison.OrdinalIgnoreCase) || open < 0 || close < open) return null;
        var cids = new List<int>();
        foreach (var part in text[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (int.TryParse(part, out var c)) cids.Add(c);
        return cids;
    }

    private static bool IsFamily(string field) =>
        field.Equals("IPV4", StringComparison.OrdinalIgnoreCase) || field.Equals("IPV6", StringComparison.OrdinalIgnoreCase);
}
