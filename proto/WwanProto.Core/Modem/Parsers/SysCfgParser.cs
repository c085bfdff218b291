namespace WwanProto.Core.Modem.Parsers;

/// <summary>
/// AT^SYSCFGEX? (§2.6): acquisition order ("00" auto, "03" LTE, "030201" ...), GSM/UMTS band mask, roaming
/// (0 off, 1 on), service domain, LTE band mask (null when the firmware leaves it empty).
/// </summary>
public sealed record SysCfgEx(string AcqOrder, ulong? Band, int? Roam, int? SrvDomain, ulong? LteBand);

/// <summary>AT^SYSCFG? (§2.6, older sticks): mode (2 auto, 13 GSM, 14 WCDMA), acqorder, band, roam, srvdomain.</summary>
public sealed record SysCfg(int Mode, int AcqOrder, ulong? Band, int? Roam, int? SrvDomain);

public static class SysCfgParser
{
    public static SysCfgEx? ParseSysCfgEx(string line)
    {
        var f = AtFields.After(line, "^SYSCFGEX:");
        if (f is null || f.Length < 4 || f[0].Length == 0 || f[0].StartsWith('(')) return null;
        return new SysCfgEx(f[0], AtFields.Hex(f[1]), AtFields.Int(f, 2), AtFields.Int(f, 3),
            f.Length > 4 ? AtFields.Hex(f[4]) : null);
    }

    public static SysCfg? ParseSysCfg(string line)
    {
        var f = AtFields.After(line, "^SYSCFG:");
        if (f is null || f.Length < 5 || AtFields.Int(f, 0) is not { } mode || AtFields.Int(f, 1) is not { } acq) return null;
        return new SysCfg(mode, acq, AtFields.Hex(f[2]), AtFields.Int(f, 3), AtFields.Int(f, 4));
    }
}
