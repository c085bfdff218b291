namespace WwanProto.Core.Qmi;

/// <summary>NAS (service 3): registration, operator, signal, mode preference. Ids from libqmi's qmi-service-nas.json / qmi-enums-nas.h.</summary>
public static class NasMessages
{
    /// <summary>QmiNasRegistrationState.</summary>
    public enum RegistrationState : byte { NotRegistered = 0, Registered = 1, Searching = 2, Denied = 3, Unknown = 4 }

    /// <summary>QmiNasRadioInterface values the product names.</summary>
    public static string? RadioName(sbyte radio) => radio switch
    {
        0x01 or 0x02 => "CDMA",
        0x04 => "GSM",
        0x05 => "UMTS",
        0x08 => "LTE",
        0x09 => "TD-SCDMA",
        0x0C => "NR5G",
        _ => null,
    };

    /// <summary>QmiNasRatModePreference bits.</summary>
    [Flags]
    public enum ModePreference : ushort { Gsm = 1 << 2, Umts = 1 << 3, Lte = 1 << 4 }

    public sealed record ServingSystem(RegistrationState Registration, byte CsAttach, byte PsAttach, byte NetworkType,
        IReadOnlyList<sbyte> RadioInterfaces, bool? Roaming, ushort? Mcc, ushort? Mnc, string? Description)
    {
        public string? Rat => RadioInterfaces.Count > 0 ? RadioName(RadioInterfaces[0]) : null;
        /// <summary>"26201" style, MNC as two digits below 100 (the 3-digit flag needs TLV 0x27, not asked for).</summary>
        public string? Plmn => Mcc is { } mcc && Mnc is { } mnc ? $"{mcc:D3}{mnc:D2}" : null;
    }

    public sealed record Signal(sbyte Dbm, sbyte Radio);

    public static QmiRequest GetServingSystem() => new(QmiMessages.NasGetServingSystem);
    public static QmiRequest GetSignalStrength() => new(QmiMessages.NasGetSignalStrength);
    public static QmiRequest GetSystemSelectionPreference() => new(QmiMessages.NasGetSystemSelectionPreference);

    /// <summary>Serving System indications on (TLV 0x13 = 1): registration changes arrive without polling.</summary>
    public static QmiRequest RegisterServingSystemIndications() =>
        new(QmiMessages.NasRegisterIndications, new QmiTlvWriter().U8(0x13, 1).ToArray());

    /// <summary>Mode preference (TLV 0x11) with change duration permanent (TLV 0x17 = 1).</summary>
    public static QmiRequest SetModePreference(ModePreference modes) =>
        new(QmiMessages.NasSetSystemSelectionPreference, new QmiTlvWriter().U16(0x11, (ushort)modes).U8(0x17, 1).ToArray());

    /// <summary>QmiNasRadioInterface "unknown": in a manual registration, "keep the radio interface the modem is on".</summary>
    public const sbyte RadioUnknown = -1;

    /// <summary>
    /// Initiate Network Register, manual: action (0x01) = 2, Manual Registration Info 3GPP (0x10) = MCC u16, MNC u16,
    /// radio interface (unknown: the modem keeps its own, as ModemManager asks); a three-digit MNC also sends
    /// MNC PCS Digit Include Status (0x12) = 1, since 001+01 and 001+001 are different networks with the same numbers.
    /// </summary>
    public static QmiRequest InitiateManualRegister(Plmn plmn)
    {
        var w = new QmiTlvWriter().U8(0x01, 2).Begin(0x10).FieldU16(plmn.Mcc).FieldU16(plmn.Mnc).FieldU8(unchecked((byte)RadioUnknown)).End();
        if (plmn.ThreeDigitMnc) w.U8(0x12, 1);
        return new QmiRequest(QmiMessages.NasInitiateNetworkRegister, w.ToArray());
    }

    /// <summary>A PLMN as NAS carries it: "26201" is MCC 262 and MNC 01 (two digits), "310410" MNC 410 (three).</summary>
    public readonly record struct Plmn(ushort Mcc, ushort Mnc, bool ThreeDigitMnc)
    {
        /// <summary>From the 5- or 6-digit form the `plmn` option holds; null for anything else.</summary>
        public static Plmn? Parse(string text)
        {
            if (text.Length is not (5 or 6)) return null;
            foreach (var c in text) if (!char.IsAsciiDigit(c)) return null;
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            return new Plmn(ushort.Parse(text.AsSpan(0, 3), inv), ushort.Parse(text.AsSpan(3), inv), text.Length == 6);
        }

        public override string ToString() => ThreeDigitMnc ? $"{Mcc:D3}{Mnc:D3}" : $"{Mcc:D3}{Mnc:D2}";
    }

    /// <summary>Get Serving System answer and Serving System indication (same TLV 0x01, 0x10 and 0x12 layout).</summary>
    public static ServingSystem? ReadServingSystem(QmiTlvReader r)
    {
        if (r.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var reg = f.U8();
        var cs = f.U8();
        var ps = f.U8();
        var net = f.U8();
        var count = f.U8() ?? 0;
        var radios = new List<sbyte>();
        for (var i = 0; i < count && f.Ok; i++)
            if (f.S8() is { } radio) radios.Add(radio);
        if (!f.Ok) return null;
        ushort? mcc = null, mnc = null;
        string? description = null;
        if (r.Get(0x12) is { } plmn)
        {
            var p = new QmiFieldReader(plmn.Span);
            var m1 = p.U16();
            var m2 = p.U16();
            var d = p.U8() is { } n ? p.Bytes(n) : null;
            if (p.Ok) { mcc = m1; mnc = m2; description = d is null ? null : OperatorName(d); }
        }
        // Roaming indicator: 0 = roaming on, 1 = off (QmiNasRoamingIndicatorStatus).
        bool? roaming = r.U8(0x10) is { } ind ? ind == 0 : null;
        return new ServingSystem((RegistrationState)reg!.Value, cs!.Value, ps!.Value, net!.Value, radios, roaming, mcc, mnc, description);
    }

    /// <summary>
    /// The PLMN description is UTF-8 on most firmware and packed GSM 7-bit on some (libqmi's test vector: "Iliad"
    /// as 49 76 3A 4C 06): text with control characters is unpacked as GSM-7.
    /// </summary>
    public static string OperatorName(byte[] raw)
    {
        var text = QmiTlvReader.Text(raw);
        foreach (var c in text)
            if (c < ' ' || c == '\uFFFD') return Sms.Gsm7.FromSeptets(Sms.Gsm7.Unpack(raw, raw.Length * 8 / 7));
        return text;
    }

    public static Signal? ReadSignal(QmiTlvReader r)
    {
        if (r.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var dbm = f.S8();
        var radio = f.S8();
        return f.Ok ? new Signal(dbm!.Value, radio!.Value) : null;
    }

    public static ModePreference? ReadModePreference(QmiTlvReader r) => r.U16(0x11) is { } m ? (ModePreference)m : null;
}
