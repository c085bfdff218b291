using WwanProto.Core.Modem.Parsers;

namespace WwanProto.Core.Control;

/// <summary>What a registration query gave.</summary>
public enum RegistrationAnswer
{
    /// <summary>A status: <see cref="RegistrationReading.Stat"/> is set.</summary>
    Known,
    /// <summary>The modem answered, without a status line for the domain.</summary>
    NoStatus,
    /// <summary>The modem does not report this domain (AT: ERROR, e.g. +CEREG on a 3G stick).</summary>
    Unsupported,
    /// <summary>No answer in time.</summary>
    NoAnswer,
}

/// <summary>
/// One domain's registration (3GPP stat: 0 not searching, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming).
/// <see cref="Label"/> is how the control plane names the domain ("+CEREG:"), <see cref="Said"/> the modem's own words
/// ("+CEREG: 2,1,\"792D\",\"04947221\",7").
/// </summary>
public sealed record RegistrationReading(RegistrationDomain Domain, RegistrationAnswer Answer, int? Stat, string Label, string? Said)
{
    /// <summary>Words for a 3GPP registration stat.</summary>
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
