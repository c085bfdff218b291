namespace WwanProto.Core.Modem.Parsers;

/// <summary>
/// AT+COPS? (§2.5): mode (0 automatic, 1 manual, 2 deregister, 4 manual/automatic), and when registered the
/// format (0 long, 1 short, 2 numeric), the operator in that format and the access technology
/// (0 GSM, 2 UTRAN, 3 EGPRS, 4 HSDPA, 5 HSUPA, 6 HSPA, 7 E-UTRAN).
/// </summary>
public sealed record CopsCurrent(int Mode, int? Format, string? Operator, int? Act)
{
    public string? Technology => Act switch
    {
        0 => "GSM", 1 => "GSM Compact", 2 => "UMTS", 3 => "EDGE", 4 => "HSDPA", 5 => "HSUPA", 6 => "HSPA", 7 => "LTE", _ => null,
    };
}

/// <summary>One network of AT+COPS=?: (stat,"long","short","numeric"[,act]); stat 0 unknown, 1 available, 2 current, 3 forbidden.</summary>
public sealed record CopsNetwork(int Stat, string LongName, string ShortName, string Numeric, int? Act);

public static class CopsParser
{
    public static CopsCurrent? ParseCurrent(string line)
    {
        var f = AtFields.After(line, "+COPS:");
        if (f is null || f.Length == 0 || f[0].StartsWith('(') || AtFields.Int(f, 0) is not { } mode) return null;
        return new CopsCurrent(mode, AtFields.Int(f, 1), AtFields.NonEmpty(f, 2), AtFields.Int(f, 3));
    }

    /// <summary>The networks of the AT+COPS=? answer; the trailing ",,(0,1,2,3,4),(0,1,2)" ranges are skipped.</summary>
    public static IReadOnlyList<CopsNetwork> ParseScan(string line)
    {
        var text = line.Trim();
        var colon = text.IndexOf(':');
        var result = new List<CopsNetwork>();
        if (colon < 0 || !text.StartsWith("+COPS", StringComparison.OrdinalIgnoreCase)) return result;
        var quoted = false;
        var depth = 0;
        var start = -1;
        var separatorsSinceGroup = 0;
        for (var i = colon + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') quoted = !quoted;
            if (quoted) continue;
            if (c == '(' && depth++ == 0) start = i + 1;
            else if (c == ')' && --depth == 0)
            {
                // Two commas in a row end the network list; what follows are the supported-mode ranges.
                if (separatorsSinceGroup >= 2) break;
                var f = AtFields.Split(text[start..i]);
                if (f.Length >= 4 && AtFields.Int(f, 0) is { } stat && f[1].Length + f[2].Length + f[3].Length > 0)
                    result.Add(new CopsNetwork(stat, f[1], f[2], f[3], AtFields.Int(f, 4)));
                separatorsSinceGroup = 0;
            }
            else if (c == ',' && depth == 0) separatorsSinceGroup++;
        }
        return result;
    }
}
