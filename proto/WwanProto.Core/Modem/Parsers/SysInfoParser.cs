namespace WwanProto.Core.Modem.Parsers;

/// <summary>
/// ^SYSINFOEX (§2.5): service status/domain, roaming, SIM state, lock state (empty on sticks), sysmode
/// (0 none, 1 GSM, 3 WCDMA, 4 TD-SCDMA, 6 LTE ...) with its name, submode with its name.
/// </summary>
public sealed record SysInfoEx(int SrvStatus, int SrvDomain, int Roam, int SimState, int? LockState,
    int SysMode, string SysModeName, int? SubMode, string SubModeName)
{
    public bool HasService => SrvStatus == 2;
    public bool Roaming => Roam == 1;
}

/// <summary>
/// ^SYSINFO (older, §2.5): legacy sys_mode numbering (3 GSM/GPRS, 5 WCDMA, 7 GSM/WCDMA, 15 TD-SCDMA; Balong
/// reports LTE as WCDMA here) and sys_submode (Balong enum: 10 = LTE).
/// </summary>
public sealed record SysInfo(int SrvStatus, int SrvDomain, int Roam, int SysMode, int SimState, int? LockState, int? SubMode)
{
    public bool HasService => SrvStatus == 2;
}

public static class SysInfoParser
{
    public static SysInfoEx? ParseSysInfoEx(string line)
    {
        var f = AtFields.After(line, "^SYSINFOEX:");
        if (f is null || f.Length < 7) return null;
        if (AtFields.Int(f, 0) is not { } srv || AtFields.Int(f, 1) is not { } domain || AtFields.Int(f, 2) is not { } roam
            || AtFields.Int(f, 3) is not { } sim || AtFields.Int(f, 5) is not { } mode) return null;
        return new SysInfoEx(srv, domain, roam, sim, AtFields.Int(f, 4), mode, f[6], AtFields.Int(f, 7),
            f.Length > 8 ? f[8] : "");
    }

    public static SysInfo? ParseSysInfo(string line)
    {
        var f = AtFields.After(line, "^SYSINFO:");
        if (f is null || f.Length < 5) return null;
        if (AtFields.Int(f, 0) is not { } srv || AtFields.Int(f, 1) is not { } domain || AtFields.Int(f, 2) is not { } roam
            || AtFields.Int(f, 3) is not { } mode || AtFields.Int(f, 4) is not { } sim) return null;
        return new SysInfo(srv, domain, roam, mode, sim, AtFields.Int(f, 5), AtFields.Int(f, 6));
    }

    /// <summary>A display name for a ^SYSINFOEX sysmode number.</summary>
    public static string SysModeName(int sysMode) => sysMode switch
    {
        0 => "none", 1 => "GSM", 2 => "CDMA", 3 => "WCDMA", 4 => "TD-SCDMA", 5 => "WiMAX", 6 => "LTE", _ => $"mode {sysMode}",
    };
}
