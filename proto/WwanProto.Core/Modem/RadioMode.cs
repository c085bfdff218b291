using WwanProto.Core.At;
using WwanProto.Core.Modem.Parsers;
using WwanProto.Core.Session;

namespace WwanProto.Core.Modem;

/// <summary>
/// The `mode` option on Huawei modems (huawei-modems.md §2.6, openwrt-handlers.md §2.2): ^SYSCFGEX on
/// LTE-era firmware, ^SYSCFG on older sticks. The current setting is read first and only a different
/// one is written: these commands write NV memory, which should not happen on every connect.
/// </summary>
public static class RadioMode
{
    /// <summary>^SYSCFGEX acqorder for each mode value (comgt-ncm's ncm.json Huawei table).</summary>
    public static string AcqOrder(string mode) => mode switch
    {
        "auto" => "00",
        "gsm" => "01",
        "umts" => "02",
        "lte" => "03",
        "preferumts" => "0201",
        "preferlte" => "030201",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown mode"),
    };

    /// <summary>^SYSCFG mode and acqorder (pre-LTE): 2 auto, 13 GSM only, 14 WCDMA only; acq 0 auto, 1 GSM first, 2 WCDMA first. Null: impossible there.</summary>
    public static (int Mode, int Acq)? LegacyMode(string mode) => mode switch
    {
        "auto" => (2, 0),
        "gsm" => (13, 1),
        "umts" => (14, 2),
        "preferumts" or "preferlte" => (2, 2),
        _ => null,
    };

    /// <summary>Sets <paramref name="mode"/> unless the modem already has it. Returns what was done, for the log.</summary>
    public static async Task<string> ApplyAsync(IAtChannel at, string mode, bool allowRoaming, TimeSpan timeout, CancellationToken ct)
    {
        var roam = allowRoaming ? 1 : 0;
        var query = await at.SendAsync("AT^SYSCFGEX?", timeout, ct).ConfigureAwait(false);
        if (query.IsOk && query.Line("^SYSCFGEX:") is { } line && SysCfgParser.ParseSysCfgEx(line) is { } current)
        {
            var (acq, currentRoam) = (current.AcqOrder, current.Roam);
            var wanted = AcqOrder(mode);
            if (acq == wanted && currentRoam == roam) return $"mode {mode} already set (^SYSCFGEX acqorder \"{acq}\")";
            var set = await at.SendAsync($"AT^SYSCFGEX=\"{wanted}\",3FFFFFFF,{roam},4,7FFFFFFFFFFFFFFF,,", timeout, ct).ConfigureAwait(false);
            if (!set.IsOk) throw ModemErrors.Fail(ErrorCodes.SetModeFailed, set, $"setting mode {mode}");
            return $"mode {mode} set (^SYSCFGEX acqorder \"{wanted}\", was \"{acq}\")";
        }

        var legacyQuery = await at.SendAsync("AT^SYSCFG?", timeout, ct).ConfigureAwait(false);
        if (!legacyQuery.IsOk || legacyQuery.Line("^SYSCFG:") is not { } legacyLine)
            throw ModemErrors.Fail(ErrorCodes.SetModeFailed,
                $"setting mode {mode}: the modem supports neither ^SYSCFGEX ({query.Describe()}) nor ^SYSCFG ({legacyQuery.Describe()})");
        if (LegacyMode(mode) is not { } legacy)
            throw ModemErrors.Fail(ErrorCodes.SetModeFailed, $"mode {mode} needs an LTE modem with ^SYSCFGEX, and {query.Describe()}", fatal: true);
        if (SysCfgParser.ParseSysCfg(legacyLine) is { } old && old.Mode == legacy.Mode && old.AcqOrder == legacy.Acq && old.Roam == roam)
            return $"mode {mode} already set (^SYSCFG {legacy.Mode},{legacy.Acq})";
        var setLegacy = await at.SendAsync($"AT^SYSCFG={legacy.Mode},{legacy.Acq},40000000,{roam},4", timeout, ct).ConfigureAwait(false);
        if (!setLegacy.IsOk) throw ModemErrors.Fail(ErrorCodes.SetModeFailed, setLegacy, $"setting mode {mode}");
        return $"mode {mode} set (^SYSCFG {legacy.Mode},{legacy.Acq})";
    }

    /// <summary>Manual operator selection: AT+COPS=1,2,"&lt;mccmnc&gt;" (can take as long as a network search).</summary>
    public static async Task SelectPlmnAsync(IAtChannel at, string plmn, TimeSpan timeout, CancellationToken ct)
    {
        var answer = await at.SendAsync($"AT+COPS=1,2,{AtArguments.Quote("plmn", plmn)}", timeout, ct).ConfigureAwait(false);
        if (!answer.IsOk) throw ModemErrors.Fail(ErrorCodes.PlmnFailed, answer, $"selecting operator {plmn}");
    }
}
