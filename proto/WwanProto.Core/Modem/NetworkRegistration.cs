using WwanProto.Core.At;
using WwanProto.Core.Control;
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
    /// +CxREG? for one domain. A URC that slipped into the answer (§2.5: oFono saw +CREG: inside +CREG?) is told
    /// apart by its field count and not taken for the answer.
    /// </summary>
    public static async Task<RegistrationReading> QueryAsync(IAtChannel at, RegistrationDomain domain, TimeSpan timeout, CancellationToken ct)
    {
        var (_, prefix, command) = All.First(a => a.Domain == domain);
        var answer = await at.SendAsync(command + "?", timeout, ct).ConfigureAwait(false);
        if (answer.Final == AtFinal.Timeout) return new(domain, RegistrationAnswer.NoAnswer, null, prefix, null);
        if (!answer.IsOk) return new(domain, RegistrationAnswer.Unsupported, null, prefix, answer.Describe());
        foreach (var line in answer.Lines)
            if (line.StartsWith(prefix, StringComparison.Ordinal) && RegistrationParser.Parse(line) is { IsUrc: false } state)
                return new(domain, RegistrationAnswer.Known, state.Stat, prefix, line);
        return new(domain, RegistrationAnswer.NoStatus, null, prefix, answer.Describe());
    }
}
