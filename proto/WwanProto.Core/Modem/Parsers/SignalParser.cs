namespace WwanProto.Core.Modem.Parsers;

/// <summary>+CSQ: rssi 0..31 (99 unknown), ber 0..7 (99 unknown); dBm = -113 + 2·rssi (27.007 §8.5).</summary>
public sealed record CsqReading(int Rssi, int Ber)
{
    public int? RssiDbm => Rssi is >= 0 and <= 31 ? -113 + 2 * Rssi : null;
}

/// <summary>
/// ^HCSQ per RAT (§2.4), converted: rssi/rscp −120+n dBm, rsrp −140+n dBm, sinr −20+n/5 dB, rsrq −19.5+n/2 dB,
/// ecio −32+n/2 dB. A value out of range (255 = unknown) is null. Rat is "LTE", "WCDMA", "GSM", "TD-SCDMA" or "NOSERVICE".
/// </summary>
public sealed record HcsqReading(string Rat, int? RssiDbm, int? RsrpDbm, double? SinrDb, double? RsrqDb, int? RscpDbm, double? EcioDb);

public static class SignalParser
{
    public static CsqReading? ParseCsq(string line)
    {
        var f = AtFields.After(line, "+CSQ:");
        if (f is null || AtFields.Int(f, 0) is not { } rssi) return null;
        return new CsqReading(rssi, AtFields.Int(f, 1) ?? 99);
    }

    /// <summary>"^RSSI:20" / "^RSSI: 16" URC, on the +CSQ scale.</summary>
    public static CsqReading? ParseRssiUrc(string line)
    {
        var f = AtFields.After(line, "^RSSI:");
        return f is not null && AtFields.Int(f, 0) is { } rssi ? new CsqReading(rssi, 99) : null;
    }

    public static HcsqReading? ParseHcsq(string line)
    {
        var f = AtFields.After(line, "^HCSQ:");
        if (f is null || f.Length == 0 || f[0].Length == 0) return null;
        var rat = f[0].ToUpperInvariant();
        int? Raw(int i, int max) => AtFields.Int(f, i) is { } v && v >= 0 && v <= max ? v : null;
        return rat switch
        {
            "LTE" => new HcsqReading(rat, Raw(1, 96) - 120, Raw(2, 97) - 140, Raw(3, 251) is { } s ? Math.Round(-20 + s / 5.0, 1) : null,
                Raw(4, 34) is { } q ? -19.5 + q / 2.0 : null, null, null),
            "WCDMA" or "TD-SCDMA" => new HcsqReading(rat, Raw(1, 96) - 120, null, null, null, Raw(2, 96) - 120,
                Raw(3, 65) is { } e ? -32 + e / 2.0 : null),
            "GSM" => new HcsqReading(rat, Raw(1, 96) - 120, null, null, null, null, null),
            _ => new HcsqReading(rat, null, null, null, null, null, null),
        };
    }
}
