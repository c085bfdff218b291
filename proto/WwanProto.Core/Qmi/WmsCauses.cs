namespace WwanProto.Core.Qmi;

/// <summary>
/// What a failed WMS Raw Send says in words: RP causes (3GPP TS 24.011 §8.2.5.4, table 8.4) and TP causes (TS 23.040
/// §9.2.3.22), the values libqmi's QmiWmsGsmUmtsRpCause / QmiWmsGsmUmtsTpCause list, except that libqmi has 0x20 and
/// 0x21 for "network out of order" and "temporary failure" where TS 24.011 has #38 and #41: the network sends the
/// latter, so they are used here.
/// </summary>
public static class WmsCauses
{
    public static string Rp(int cause) => cause switch
    {
        0x01 => "unassigned number",
        0x08 => "operator determined barring",
        0x0A => "call barred",
        0x0B => "reserved",
        0x15 => "short message transfer rejected",
        0x16 => "memory capacity exceeded",
        0x1B => "destination out of order",
        0x1C => "unidentified subscriber",
        0x1D => "facility rejected",
        0x1E => "unknown subscriber",
        38 => "network out of order",
        41 => "temporary failure",
        0x2A => "congestion",
        0x2F => "resources unavailable",
        0x32 => "facility not subscribed",
        0x45 => "facility not implemented",
        0x51 => "invalid short message transfer reference value",
        0x5F => "semantically incorrect message",
        0x60 => "invalid mandatory information",
        0x61 => "message type not implemented",
        0x62 => "message not compatible with short message protocol state",
        0x63 => "information element not implemented",
        0x6F => "protocol error",
        0x7F => "interworking",
        _ => "unknown",
    };

    public static string Tp(int cause) => cause switch
    {
        0x80 => "telematic interworking not supported",
        0x81 => "short message type 0 not supported",
        0x82 => "cannot replace short message",
        0x8F => "unspecified TP-PID error",
        0x90 => "data coding scheme not supported",
        0x91 => "message class not supported",
        0x9F => "unspecified TP-DCS error",
        0xA0 => "command cannot be actioned",
        0xA1 => "command unsupported",
        0xAF => "unspecified TP-Command error",
        0xB0 => "TPDU not supported",
        0xC0 => "SC busy",
        0xC1 => "no SC subscription",
        0xC2 => "SC system failure",
        0xC3 => "invalid SME address",
        0xC4 => "destination SME barred",
        0xC5 => "SM rejected, duplicate SM",
        0xC6 => "TP-VPF not supported",
        0xC7 => "TP-VP not supported",
        0xD0 => "SIM SMS storage full",
        0xD1 => "no SMS storage capability in SIM",
        0xD2 => "error in MS",
        0xD3 => "memory capacity exceeded",
        0xD4 => "SIM application toolkit busy",
        0xD5 => "SIM data download error",
        0xFF => "unspecified error",
        _ => "unknown",
    };

    /// <summary>"RP cause 42 (congestion), TP cause 0xC0 (SC busy), temporary".</summary>
    public static string Describe(WmsMessages.SendFailure f)
    {
        var parts = new List<string>();
        if (f.RpCause is { } rp) parts.Add($"RP cause {rp} ({Rp(rp)})");
        if (f.TpCause is { } tp && tp != 0) parts.Add($"TP cause 0x{tp:X2} ({Tp(tp)})");
        if (f.Permanent is { } permanent) parts.Add(permanent ? "permanent" : "temporary");
        return string.Join(", ", parts);
    }
}
