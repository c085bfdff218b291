using WwanProto.Core.At;
using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Modem;

/// <summary>+CREG / +CGREG / +CEREG (huawei-modems.md §2.5): enabling the URCs and querying; parsing is the AT engine's.</summary>
public static class NetworkRegistration
{
    public static readonly (RegistrationDomain Domain, string Prefix, string Command)[] All =
    [
        (RegistrationDomain.Eps, "+CEREG:", "AT+CEREG"),
        (RegistrationDomain.Gprs, "+CGREG:", "AT+CGREG"),
        (RegistrationDomain.Cs, "+CREG:", "AT+CREG"),
    ];

    public static string PrefixOf(RegistrationDomain domain) => All.First(a => a.Domain == domain).Prefix;

    /// <summary>Turns on stat+location URCs (=2) for each kind; ERROR (e.g. +CEREG on a 3G stick) is fine.</summary>
    public static async Task EnableUrcsAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        foreach (var (_, _, command) in All)
            await at.SendAsync(command + "=2", timeout, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The stat from a query answer ("+CREG: 2,5,…"), or null when the kind is not supported. A URC that
    /// slipped into the answer (§2.5: oFono saw +CREG: inside +CREG?) is told apart by its field count.
    /// </summary>
    public static async Task<int?> QueryAsync(IAtChannel at, RegistrationDomain domain, TimeSpan timeout, CancellationToken ct)
    {
        var (_, prefix, command) = All.First(a => a.Domain == domain);
        var answer = await at.SendAsync(command + "?", timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk) return null;
        foreach (var line in answer.Lines)
            if (line.StartsWith(prefix, StringComparison.Ordinal) && RegistrationParser.Parse(line) is { IsUrc: false } state) return state.Stat;
        return null;
    }

    /// <summary>Domain and stat of an unsolicited "+CGREG: 5,"792D","04947221"", or null.</summary>
    public static (RegistrationDomain Domain, int Stat)? ParseUrc(string line) =>
        RegistrationParser.Parse(line) is { } state ? (state.Domain, state.Stat) : null;

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
