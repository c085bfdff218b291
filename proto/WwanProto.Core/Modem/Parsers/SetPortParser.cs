namespace WwanProto.Core.Modem.Parsers;

/// <summary>One ^SETPORT code: "12" (4G PCUI), "1" (3G MODEM), "16" (NCM), "A1" (CDROM) ...</summary>
public sealed record SetPortCode(string Code, PortFunction Function);

/// <summary>
/// AT^SETPORT? (§2.13): the composition before the mode switch (CD-ROM stage, "FF" = none) and after it.
/// "^SETPORT:A1,A2;12,1,16,A1,A2" → before [A1, A2], after [12, 1, 16, A1, A2].
/// </summary>
public sealed record SetPortConfig(IReadOnlyList<SetPortCode> BeforeSwitch, IReadOnlyList<SetPortCode> AfterSwitch)
{
    /// <summary>A composition without a PCUI cannot be controlled any more: never write one.</summary>
    public bool AfterSwitchHasPcui => AfterSwitch.Any(c => c.Function == PortFunction.Pcui);
}

public static class SetPortParser
{
    public static SetPortConfig? Parse(string line)
    {
        var f = line.Trim();
        if (!f.StartsWith("^SETPORT:", StringComparison.OrdinalIgnoreCase)) return null;
        var body = AtFields.Unquote(f["^SETPORT:".Length..]);
        var semi = body.IndexOf(';');
        if (semi < 0) return null;
        return new SetPortConfig(Codes(body[..semi]), Codes(body[(semi + 1)..]));
    }

    /// <summary>One line of AT^SETPORT=?: "^SETPORT:12: 4G PCUI" → ("12", "4G PCUI").</summary>
    public static (string Code, string Name)? ParseSupportedLine(string line)
    {
        var t = line.Trim();
        if (!t.StartsWith("^SETPORT:", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = t["^SETPORT:".Length..];
        var colon = rest.IndexOf(':');
        if (colon <= 0) return null;
        return (rest[..colon].Trim().ToUpperInvariant(), rest[(colon + 1)..].Trim());
    }

    public static PortFunction Function(string code) => code.ToUpperInvariant() switch
    {
        "2" or "12" => PortFunction.Pcui,
        "1" or "10" => PortFunction.Modem,
        "3" or "13" => PortFunction.Diag,
        "16" => PortFunction.Network,
        "5" or "14" or "6" => PortFunction.Gps,
        "A1" or "A2" => PortFunction.Storage,
        _ => PortFunction.Other,
    };

    private static IReadOnlyList<SetPortCode> Codes(string list)
    {
        var codes = new List<SetPortCode>();
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var code = raw.ToUpperInvariant();
            if (code == "FF") continue;
            codes.Add(new SetPortCode(code, Function(code)));
        }
        return codes;
    }
}
