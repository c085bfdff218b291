namespace WwanProto.Core.Netifd;

/// <summary>
/// The AT commands the ubus `at` method runs: queries that change nothing on the modem or SIM. Anything
/// else (sets, dial, PIN entry, NV writes, resets) could cut the link or lock a SIM, and LuCI/rpcd
/// callers must not be able to do that. Matched whole, case-insensitively, after trimming.
/// </summary>
public static class AtQueryAllowList
{
    public static readonly IReadOnlyList<string> Commands =
    [
        "ATI", "AT+CGMI", "AT+CGMM", "AT+CGMR", "AT+CGSN", "AT+GMI", "AT+GMM", "AT+GMR",
        "AT+CSQ", "AT^HCSQ?", "AT^CSNR?", "AT+COPS?", "AT^SYSINFOEX", "AT^SYSINFO",
        "AT+CREG?", "AT+CGREG?", "AT+CEREG?", "AT+CGATT?", "AT+CGACT?", "AT+CGDCONT?", "AT+CGPADDR",
        "AT^NDISSTATQRY?", "AT^DHCP?", "AT^DHCPV6?", "AT^SYSCFGEX?", "AT^SYSCFG?", "AT+CPIN?", "AT^CPIN?",
        "AT^ICCID?", "AT+CFUN?", "AT^CARDMODE", "AT^LOCINFO?", "AT^HFREQINFO?", "AT^GETPORTMODE", "AT^SETPORT?",
    ];

    private static readonly HashSet<string> Set = new(Commands, StringComparer.OrdinalIgnoreCase);

    /// <summary>The command as it will be sent, or null with <paramref name="why"/> explaining the refusal.</summary>
    public static string? Check(string? command, out string why)
    {
        var c = (command ?? "").Trim();
        if (c.Length == 0)
        {
            why = "no command given (pass {\"command\":\"AT+CSQ\"})";
            return null;
        }
        if (!Set.Contains(c))
        {
            why = $"'{c}' is not a read-only query this object runs; allowed: {string.Join(", ", Commands)}";
            return null;
        }
        why = "";
        return c.ToUpperInvariant();
    }
}
