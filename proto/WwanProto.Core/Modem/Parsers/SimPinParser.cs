namespace WwanProto.Core.Modem.Parsers;

/// <summary>What the SIM asks for (+CPIN / ^CPIN &lt;code&gt;, §2.3).</summary>
public enum SimPinCode { Ready, SimPin, SimPuk, SimPin2, SimPuk2, PhNetPin, PhNetPuk, PhSimPin, Other }

/// <summary>The answer to AT+CPIN?: "+CPIN: READY", "+CPIN: SIM PIN" ... <see cref="Text"/> is the modem's word.</summary>
public sealed record CpinState(SimPinCode Code, string Text);

/// <summary>
/// AT^CPIN?: "^CPIN: SIM PIN,3,10,3,10,3" — the code, the tries left for it (empty when READY) and the
/// PUK, PIN, PUK2 and PIN2 counters (§2.3).
/// </summary>
public sealed record HuaweiCpinState(SimPinCode Code, string Text, int? Times, int PukTimes, int PinTimes, int Puk2Times, int Pin2Times);

public static class SimPinParser
{
    /// <summary>"+CPIN: READY" → Ready; null when the line is not a +CPIN answer.</summary>
    public static CpinState? ParseCpin(string line)
    {
        var f = AtFields.After(line, "+CPIN:");
        if (f is null || f.Length == 0 || f[0].Length == 0) return null;
        return new CpinState(Code(f[0]), f[0]);
    }

    public static HuaweiCpinState? ParseHuaweiCpin(string line)
    {
        var f = AtFields.After(line, "^CPIN:");
        if (f is null || f.Length < 6 || f[0].Length == 0) return null;
        if (AtFields.Int(f, 2) is not { } puk || AtFields.Int(f, 3) is not { } pin
            || AtFields.Int(f, 4) is not { } puk2 || AtFields.Int(f, 5) is not { } pin2) return null;
        return new HuaweiCpinState(Code(f[0]), f[0], AtFields.Int(f, 1), puk, pin, puk2, pin2);
    }

    public static SimPinCode Code(string text) => text.Trim().ToUpperInvariant() switch
    {
        "READY" => SimPinCode.Ready,
        "SIM PIN" => SimPinCode.SimPin,
        "SIM PUK" => SimPinCode.SimPuk,
        "SIM PIN2" => SimPinCode.SimPin2,
        "SIM PUK2" => SimPinCode.SimPuk2,
        "PH-NET PIN" => SimPinCode.PhNetPin,
        "PH-NET PUK" => SimPinCode.PhNetPuk,
        "PH-SIM PIN" => SimPinCode.PhSimPin,
        _ => SimPinCode.Other,
    };
}
