using WwanProto.Core.At;

namespace WwanProto.Core.Modem;

/// <summary>Operator, RAT and signal for the status object (huawei-modems.md §2.4/§2.5). Best effort: errors give nulls.</summary>
public static class NetworkInfo
{
    public sealed record Snapshot(string? Operator, string? Rat, int? SignalDbm);

    public static async Task<Snapshot> ReadAsync(IAtChannel at, TimeSpan timeout, CancellationToken ct)
    {
        string? op = null, rat = null;
        int? dbm = null;
        var cops = await at.SendAsync("AT+COPS?", timeout, ct).ConfigureAwait(false);
        if (cops.IsOk && cops.Line("+COPS:") is { } copsLine)
        {
            var fields = copsLine[6..].Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length >= 3) op = fields[2].Trim('"');
            if (fields.Length >= 4 && int.TryParse(fields[3], out var act))
                rat = act switch { 0 or 1 or 3 => "GSM", 2 or 4 or 5 or 6 => "UMTS", 7 => "LTE", _ => null };
        }
        var hcsq = await at.SendAsync("AT^HCSQ?", timeout, ct).ConfigureAwait(false);
        if (hcsq.IsOk && hcsq.Line("^HCSQ:") is { } h)
        {
            var fields = h[6..].Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length >= 2 && int.TryParse(fields[1], out var rssi) && rssi is >= 0 and <= 96) dbm = -120 + rssi;
            if (rat is null && fields[0].Trim('"') is { Length: > 0 } sysmode && sysmode != "NOSERVICE") rat = sysmode;
        }
        if (dbm is null)
        {
            var csq = await at.SendAsync("AT+CSQ", timeout, ct).ConfigureAwait(false);
            if (csq.IsOk && csq.Line("+CSQ:") is { } c && int.TryParse(c[5..].Split(',')[0].Trim(), out var r) && r is >= 0 and <= 31)
                dbm = -113 + 2 * r;
        }
        return new Snapshot(op, rat, dbm);
    }

    /// <summary>0–5 bars from dBm (rough LTE/UMTS RSSI thresholds).</summary>
    public static int Bars(int dbm) => dbm switch { >= -65 => 5, >= -75 => 4, >= -85 => 3, >= -95 => 2, >= -105 => 1, _ => 0 };
}
