using WwanProto.Core.At;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Session;

namespace WwanProto.Core.Modem;

/// <summary>SIM queries and the PIN command (huawei-modems.md §2.3). The decision to send is <see cref="PinGuard"/>'s.</summary>
public static class SimCard
{
    public static async Task<(SimLock State, AtResponse Answer)> QueryLockAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        var answer = await at.SendAsync("AT+CPIN?", timeout, ct).ConfigureAwait(false);
        return (LockFrom(answer), answer);
    }

    /// <summary>The SIM state from a +CPIN? answer; Busy covers "not yet" (SIM busy, no answer, bare ERROR).</summary>
    public static SimLock LockFrom(AtResponse answer)
    {
        if (answer.IsOk)
        {
            return (answer.Line("+CPIN:") is { } line ? SimPinParser.ParseCpin(line)?.Code : null) switch
            {
                SimPinCode.Ready or SimPinCode.SimPin2 or SimPinCode.SimPuk2 => SimLock.Ready,
                SimPinCode.SimPin => SimLock.PinRequired,
                SimPinCode.SimPuk => SimLock.PukRequired,
                SimPinCode.PhNetPin or SimPinCode.PhNetPuk or SimPinCode.PhSimPin => SimLock.DeviceLocked,
                _ => SimLock.Busy,
            };
        }
        if (ModemErrors.IsCme(answer, 10, "SIM not inserted")) return SimLock.Absent;
        if (ModemErrors.IsCme(answer, 11, "SIM PIN required")) return SimLock.PinRequired;
        if (ModemErrors.IsCme(answer, 12, "SIM PUK required")) return SimLock.PukRequired;
        if (ModemErrors.IsCme(answer, 13, "SIM failure") || ModemErrors.IsCme(answer, 15, "SIM wrong")) return SimLock.Failure;
        return SimLock.Busy;
    }

    /// <summary>
    /// Remaining PIN attempts: Huawei ^CPIN? (field 4 = pin_times), else 3GPP +CPINR. Null when the
    /// modem offers neither: the guard then refuses to send.
    /// </summary>
    public static async Task<(int? Attempts, string Source)> PinAttemptsAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        var huawei = await at.SendAsync("AT^CPIN?", timeout, ct).ConfigureAwait(false);
        if (huawei.IsOk && huawei.Line("^CPIN:") is { } line && SimPinParser.ParseHuaweiCpin(line) is { } counters)
            return (counters.PinTimes, huawei.Quote());
        var standard = await at.SendAsync("AT+CPINR=\"SIM PIN\"", timeout, ct).ConfigureAwait(false);
        if (standard.IsOk && standard.Line("+CPINR:") is { } l && CpinrRetries(l) is { } retries)
            return (retries, standard.Quote());
        return (null, $"{huawei.Quote()}; {standard.Quote()}");
    }

    /// <summary>"+CPINR: SIM PIN,3,3" → 3 (3GPP 27.007 §8.65; Huawei sticks answer ^CPIN? instead).</summary>
    internal static int? CpinrRetries(string line)
    {
        var fields = line[(line.IndexOf(':') + 1)..].Split(',');
        return fields.Length >= 2 && int.TryParse(fields[1].Trim(), out var n) ? n : null;
    }

    /// <summary>Sends the PIN. The command text holds the PIN, so callers must log only the result code.</summary>
    public static Task<AtResponse> EnterPinAsync(IAtChannel at, string pin, TimeSpan timeout, CancellationToken ct) =>
        at.SendAsync($"AT+CPIN={AtArguments.Quote("pincode", pin)}", timeout, ct);

    /// <summary>The ICCID (readable without the PIN on Huawei): ^ICCID?, then +CCID / +ICCID.</summary>
    public static async Task<string?> ReadIccidAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        foreach (var (command, prefix) in new[] { ("AT^ICCID?", "^ICCID:"), ("AT+CCID", "+CCID:"), ("AT+ICCID", "+ICCID:") })
        {
            var answer = await at.SendAsync(command, timeout, ct).ConfigureAwait(false);
            if (!answer.IsOk) continue;
            var value = answer.Line(prefix) is { } line ? line[prefix.Length..] : answer.Lines.Count == 1 ? answer.Lines[0] : null;
            if (Digits(value) is { Length: >= 18 } iccid) return iccid;
        }
        return null;
    }

    /// <summary>The IMSI (+CIMI; needs the SIM unlocked).</summary>
    public static async Task<string?> ReadImsiAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        var answer = await at.SendAsync("AT+CIMI", timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk) return null;
        foreach (var line in answer.Lines)
            if (Digits(line.StartsWith("+CIMI:", StringComparison.Ordinal) ? line[6..] : line) is { Length: >= 6 and <= 15 } imsi) return imsi;
        return null;
    }

    /// <summary>Digits (and the hex F filler of 19-digit ICCIDs) without quotes or spaces; null if anything else is in it.</summary>
    private static string? Digits(string? text)
    {
        if (text is null) return null;
        var value = text.Trim().Trim('"').TrimEnd('F', 'f');
        foreach (var c in value) if (!char.IsAsciiDigit(c)) return null;
        return value.Length == 0 ? null : value;
    }
}
