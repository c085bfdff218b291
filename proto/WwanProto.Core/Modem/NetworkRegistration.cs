using WwanProto.Core.At;

namespace WwanProto.Core.Modem;

/// <summary>+CREG / +CGREG / +CEREG (huawei-modems.md §2.5): which registration a line is about and its stat.</summary>
public enum RegistrationKind { Cs, Gprs, Eps }

/// <summary>3GPP 27.007 stat: 0 not registered, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming.</summary>
public static class NetworkRegistration
{
    public static readonly (RegistrationKind Kind, string Prefix, string Command)[] All =
    [
        (RegistrationKind.Eps, "+CEREG:", "AT+CEREG"),
        (RegistrationKind.Gprs, "+CGREG:", "AT+CGREG"),
        (RegistrationKind.Cs, "+CREG:", "AT+CREG"),
    ];

    /// <summary>Turns on stat+location URCs (=2) for each kind; ERROR (e.g. +CEREG on a 3G stick) is fine.</summary>
    public static async Task EnableUrcsAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        foreach (var (_, _, command) in All)
            await at.SendAsync(command + "=2", timeout, ct).ConfigureAwait(false);
    }

    /// <summary>The stat from a query answer ("+CREG: 2,5,…") or null when the kind is not supported.</summary>
    public static async Task<int?> QueryAsync(IAtChannel at, RegistrationKind kind, TimeSpan timeout, CancellationToken ct)
    {
        var (_, prefix, command) = All[(int)(2 - (int)kind)];
        var answer = await at.SendAsync(command + "?", timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk) return null;
        foreach (var line in answer.Lines)
            if (line.StartsWith(prefix, StringComparison.Ordinal) && ParseQuery(line) is { } stat) return stat;
        return null;
    }

    /// <summary>Kind and stat of an unsolicited "+CGREG: 5,"792D","04947221"" (no &lt;n&gt; field), or null.</summary>
    public static (RegistrationKind Kind, int Stat)? ParseUrc(string line)
    {
        foreach (var (kind, prefix, _) in All)
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var fields = line[prefix.Length..].Split(',', StringSplitOptions.TrimEntries);
            // "+CREG: 2,1" with two small numbers is a query answer echoed as URC by some firmware: stat is the second.
            if (fields.Length == 2 && IsSmall(fields[0], 3) && IsSmall(fields[1], 5)) return (kind, int.Parse(fields[1]));
            return IsSmall(fields[0], 5) ? (kind, int.Parse(fields[0])) : null;
        }
        return null;
    }

    /// <summary>"+CREG: 2,5,"792D","04947221"" → 5. A one-field line is a URC that slipped into the answer.</summary>
    internal static int? ParseQuery(string line)
    {
        var fields = line[(line.IndexOf(':') + 1)..].Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length >= 2 && IsSmall(fields[0], 3) && IsSmall(fields[1], 5)) return int.Parse(fields[1]);
        return null;
    }

    private static bool IsSmall(string text, int max) => int.TryParse(text, out var n) && n >= 0 && n <= max && text.Length <= 2;

    public static string Describe(int stat) => stat switch
    {
        0 => "not registered",
        1 => "registered (home)",
        2 => "searching",
        3 => "registration denied",
        4 => "unknown",
        5 => "registered (roaming)",
        _ => $"stat {stat}",
    };
}
