namespace WwanProto.Core.At;

/// <summary>
/// Default bound for each command class, from huawei-modems.md §5 and the timeouts real drivers use:
/// quick queries answer in well under a second; SIM commands wait for the card; mode changes reconfigure
/// the radio; dialling waits for the network.
/// </summary>
public static class AtTimeouts
{
    public static readonly TimeSpan Quick = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan Sim = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Radio = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Dial = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan OperatorScan = TimeSpan.FromSeconds(180);

    private static readonly (string Name, TimeSpan Timeout)[] Classes =
    [
        ("+COPS=?", OperatorScan),
        ("+COPS=", TimeSpan.FromSeconds(120)),
        ("^NDISDUP", Dial), ("+CGACT", Dial), ("+CGATT", Dial), ("D", Dial), ("^RESET", Radio),
        ("+CFUN", Radio), ("^SYSCFGEX", Radio), ("^SYSCFG", Radio), ("^RFSWITCH", Radio), ("H", Radio),
        ("+CPIN", Sim), ("^CPIN", Sim), ("+CLCK", Sim), ("+CPWD", Sim), ("^CARDLOCK", Sim), ("+CIMI", Sim),
        ("^ICCID", Sim), ("+CRSM", Sim), ("+CSIM", Sim), ("^SIMST", Sim),
    ];

    /// <summary>The bound for <paramref name="command"/>, by the class of its first command after "AT".</summary>
    public static TimeSpan For(string command)
    {
        var text = command.Trim();
        if (text.Length < 2 || !text.StartsWith("AT", StringComparison.OrdinalIgnoreCase)) return Quick;
        var body = text[2..].TrimStart();
        foreach (var (name, timeout) in Classes)
        {
            if (!body.StartsWith(name, StringComparison.OrdinalIgnoreCase)) continue;
            // "H" and "D" are basic commands: only a bare ATH/ATH0 or ATD... counts, not e.g. "AT+H...".
            if (name.Length == 1 && body.Length > 1 && name == "H" && !char.IsAsciiDigit(body[1])) continue;
            return timeout;
        }
        return Quick;
    }
}
