using WwanProto.Core.At;

namespace WwanProto.Core.Modem.Parsers;

public enum RegistrationDomain { Cs, Gprs, Eps }

/// <summary>
/// +CREG/+CGREG/+CEREG, query (&lt;n&gt;,&lt;stat&gt;[,lac,ci[,act]]) or URC (&lt;stat&gt;[,lac,ci[,act]]) form (§2.5).
/// stat: 0 not searching, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming. LAC/CI are upper-case hex
/// without quotes (quoted and unquoted input both accepted), null when the modem printed none.
/// </summary>
public sealed record RegistrationState(RegistrationDomain Domain, int? N, int Stat, string? Lac, string? Ci, int? Act, bool IsUrc)
{
    public bool Registered => Stat is 1 or 5;
    public bool Roaming => Stat == 5;
    public bool Denied => Stat == 3;
    public uint? LacValue => Lac is null ? null : (uint?)AtFields.Hex(Lac);
    public uint? CiValue => Ci is null ? null : (uint?)AtFields.Hex(Ci);
}

public static class RegistrationParser
{
    private static readonly (string Prefix, RegistrationDomain Domain)[] Prefixes =
        [("+CREG:", RegistrationDomain.Cs), ("+CGREG:", RegistrationDomain.Gprs), ("+CEREG:", RegistrationDomain.Eps)];

    public static RegistrationState? Parse(string line)
    {
        foreach (var (prefix, domain) in Prefixes)
        {
            var f = AtFields.After(line, prefix);
            if (f is null) continue;
            var query = AtCommandShape.IsRegistrationQueryForm(line);
            var o = query ? 1 : 0;
            if (AtFields.Int(f, o) is not { } stat || stat is < 0 or > 10) return null;
            var lac = Hex(f, o + 1);
            var ci = Hex(f, o + 2);
            // +CEREG puts <tac> where +CREG has <lac>; the layout is the same for our purposes.
            return new RegistrationState(domain, query ? AtFields.Int(f, 0) : null, stat, lac, ci, AtFields.Int(f, o + 3), !query);
        }
        return null;
    }

    private static string? Hex(string[] f, int i) =>
        AtFields.NonEmpty(f, i) is { } s && AtFields.Hex(s) is not null ? s.ToUpperInvariant() : null;
}
