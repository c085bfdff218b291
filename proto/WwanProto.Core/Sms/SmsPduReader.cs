using System.Text;

namespace WwanProto.Core.Sms;

/// <summary>
/// Decodes the PDUs a modem lists (+CMGL/+CMGR in PDU mode, +CMT): 3GPP TS 23.040 §9.2.2 layouts, TP-DCS per
/// TS 23.038 §4, the user data header's concatenation elements (§9.2.3.24.1, .8). Input comes from the modem, so
/// anything malformed is null, never an exception.
/// </summary>
public static class SmsPduReader
{
    /// <param name="withSmsc">The PDU starts with the SMSC field (the modem's +CMGL/+CMGR/+CMT always, in PDU mode).</param>
    public static SmsPdu? Read(string hex, bool withSmsc = true)
    {
        if (hex.Length % 2 != 0) return null;
        byte[] pdu;
        try { pdu = Convert.FromHexString(hex.Trim()); }
        catch (FormatException) { return null; }
        return Read(pdu, withSmsc);
    }

    public static SmsPdu? Read(ReadOnlySpan<byte> pdu, bool withSmsc = true)
    {
        var at = 0;
        var smsc = withSmsc ? SmsAddress.DecodeSmsc(pdu, ref at) : "";
        if (smsc is null || at >= pdu.Length) return null;
        var first = pdu[at++];
        return (first & 0x03) switch
        {
            0 => Deliver(pdu, at, first, smsc),
            1 => Submit(pdu, at, first, smsc),
            2 => StatusReport(pdu, at, smsc),
            _ => null,
        };
    }

    private static SmsDeliver? Deliver(ReadOnlySpan<byte> pdu, int at, byte first, string smsc)
    {
        if (SmsAddress.DecodeTp(pdu, ref at) is not { } sender || at + 2 + SmsTimestamp.Length > pdu.Length) return null;
        int pid = pdu[at], dcs = pdu[at + 1];
        if (SmsTimestamp.Decode(pdu.Slice(at + 2, SmsTimestamp.Length)) is not { } time) return null;
        at += 2 + SmsTimestamp.Length;
        return UserData(pdu, at, dcs, (first & 0x40) != 0) is { } data ? new SmsDeliver(smsc, sender, time, pid, data) : null;
    }

    private static SmsSubmit? Submit(ReadOnlySpan<byte> pdu, int at, byte first, string smsc)
    {
        if (at >= pdu.Length) return null;
        int reference = pdu[at++];
        if (SmsAddress.DecodeTp(pdu, ref at) is not { } recipient || at + 2 > pdu.Length) return null;
        var dcs = pdu[at + 1];
        at += 2;
        int? relative = null;
        switch ((first >> 3) & 0x03)
        {
            case 2:
                if (at >= pdu.Length) return null;
                relative = pdu[at++];
                break;
            case 1 or 3:
                at += 7; // enhanced or absolute validity: skipped
                break;
        }
        return UserData(pdu, at, dcs, (first & 0x40) != 0) is { } data
            ? new SmsSubmit(smsc, recipient, reference, (first & 0x20) != 0, relative, data) : null;
    }

    private static SmsStatusReport? StatusReport(ReadOnlySpan<byte> pdu, int at, string smsc)
    {
        if (at >= pdu.Length) return null;
        int reference = pdu[at++];
        if (SmsAddress.DecodeTp(pdu, ref at) is not { } recipient || at + 2 * SmsTimestamp.Length + 1 > pdu.Length) return null;
        var centre = SmsTimestamp.Decode(pdu.Slice(at, SmsTimestamp.Length));
        var discharge = SmsTimestamp.Decode(pdu.Slice(at + SmsTimestamp.Length, SmsTimestamp.Length));
        if (centre is null || discharge is null) return null;
        return new SmsStatusReport(smsc, reference, recipient, centre.Value, discharge.Value, pdu[at + 2 * SmsTimestamp.Length]);
    }

    /// <summary>TP-UDL and TP-UD: the header (when TP-UDHI), then the text in the DCS's alphabet.</summary>
    private static SmsUserData? UserData(ReadOnlySpan<byte> pdu, int at, int dcs, bool hasHeader)
    {
        if (Alphabet(dcs) is not { } alphabet || at >= pdu.Length) return null;
        int length = pdu[at++];
        var octets = alphabet == SmsAlphabet.Gsm7 ? (length * 7 + 7) / 8 : length;
        if (at + octets > pdu.Length) return null;
        var ud = pdu.Slice(at, octets);
        var headerOctets = 0;
        SmsConcat? part = null;
        int locking = 0, single = 0;
        if (hasHeader)
        {
            if (ud.Length == 0 || 1 + ud[0] > ud.Length) return null;
            headerOctets = 1 + ud[0];
            part = Concat(ud[1..headerOctets]);
            locking = Element(ud[1..headerOctets], 0x25);
            single = Element(ud[1..headerOctets], 0x24);
        }
        switch (alphabet)
        {
            case SmsAlphabet.Gsm7:
                var skip = (headerOctets * 8 + 6) / 7; // header plus fill bits, in septets
                var septets = Gsm7.Unpack(ud, length);
                if (skip > septets.Length) return null;
                return new SmsUserData(alphabet, Gsm7.FromSeptets(septets.AsSpan(skip), locking, single), ud[headerOctets..].ToArray(), part);
            case SmsAlphabet.Ucs2:
                var text = ud[headerOctets..];
                return new SmsUserData(alphabet, Encoding.BigEndianUnicode.GetString(text[..(text.Length & ~1)]), text.ToArray(), part);
            default:
                return new SmsUserData(alphabet, null, ud[headerOctets..].ToArray(), part);
        }
    }

    /// <summary>TP-DCS → alphabet; null for compressed text and reserved groups.</summary>
    private static SmsAlphabet? Alphabet(int dcs) => (dcs >> 4) switch
    {
        <= 0x7 when (dcs & 0x20) != 0 => null, // compressed (general and auto-deletion groups)
        <= 0x7 => ((dcs >> 2) & 0x03) switch { 0 => SmsAlphabet.Gsm7, 1 => SmsAlphabet.EightBit, 2 => SmsAlphabet.Ucs2, _ => null },
        0xC or 0xD => SmsAlphabet.Gsm7, // message waiting, discard/store
        0xE => SmsAlphabet.Ucs2,
        0xF => (dcs & 0x04) != 0 ? SmsAlphabet.EightBit : SmsAlphabet.Gsm7,
        _ => null,
    };

    /// <summary>The one-octet value of IE <paramref name="id"/> (the national language shifts, 0x24 and 0x25); 0 when absent.</summary>
    private static int Element(ReadOnlySpan<byte> header, int id)
    {
        for (var i = 0; i + 1 < header.Length; i += 2 + header[i + 1])
        {
            if (i + 2 + header[i + 1] > header.Length) return 0;
            if (header[i] == id && header[i + 1] == 1) return header[i + 2];
        }
        return 0;
    }

    /// <summary>The concatenation element among the header's IEs, if any.</summary>
    private static SmsConcat? Concat(ReadOnlySpan<byte> header)
    {
        for (var i = 0; i + 1 < header.Length; i += 2 + header[i + 1])
        {
            int id = header[i], length = header[i + 1];
            if (i + 2 + length > header.Length) return null;
            var ie = header.Slice(i + 2, length);
            if (id == 0x00 && length == 3 && ie[1] > 0) return new SmsConcat(ie[0], ie[1], ie[2]);
            if (id == 0x08 && length == 4 && ie[2] > 0) return new SmsConcat(ie[0] << 8 | ie[1], ie[2], ie[3]);
        }
        return null;
    }
}
