using System.Text;

namespace WwanProto.Core.Sms;

/// <summary>
/// Encodes text as SMS-SUBMIT PDUs for AT+CMGS (3GPP TS 23.040 §9.2.2.2): GSM 7-bit when every character has a
/// code (extension characters count two), else UCS-2. Longer text is split into concatenated parts with an 8-bit
/// reference (IE 0x00, 153 septets or 67 UTF-16 units a part), never between an escape and its code or between
/// the two halves of a surrogate pair.
/// </summary>
public static class SmsSubmitWriter
{
    private const int SingleSeptets = 160, PartSeptets = 153;
    private const int SingleUnits = 70, PartUnits = 67;

    /// <param name="smsc">Null: the SMSC stored in the modem (the field is "00").</param>
    /// <param name="relativeValidity">TP-VP relative (TS 23.040 §9.2.3.12.1, e.g. 0xAA = 4 days); null: none.</param>
    /// <param name="concatReference">The reference shared by the parts of one long message.</param>
    public static IReadOnlyList<SubmitPdu> Encode(string recipient, string text, string? smsc = null, bool statusReport = false,
        int? relativeValidity = null, int concatReference = 0)
    {
        var smscField = SmsAddress.EncodeSmsc(smsc);
        var address = SmsAddress.EncodeTp(recipient);
        var parts = new List<(byte[] Ud, int Udl, bool Header)>();
        byte dcs;
        if (Gsm7.ToSeptets(text) is { } septets)
        {
            dcs = 0x00;
            var chunks = septets.Length <= SingleSeptets ? [septets] : SplitSeptets(septets);
            for (var i = 0; i < chunks.Count; i++)
            {
                if (chunks.Count == 1) { parts.Add((Gsm7.Pack(chunks[0]), chunks[0].Length, false)); continue; }
                var header = Header(concatReference, chunks.Count, i + 1);
                var fill = (7 - header.Length * 8 % 7) % 7;
                var body = Gsm7.Pack(chunks[i], fill);
                parts.Add(([.. header, .. body], (header.Length * 8 + fill) / 7 + chunks[i].Length, true));
            }
        }
        else
        {
            dcs = 0x08;
            var chunks = text.Length <= SingleUnits ? [text] : SplitUnits(text);
            for (var i = 0; i < chunks.Count; i++)
            {
                var body = Encoding.BigEndianUnicode.GetBytes(chunks[i]);
                byte[] ud = chunks.Count == 1 ? body : [.. Header(concatReference, chunks.Count, i + 1), .. body];
                parts.Add((ud, ud.Length, chunks.Count > 1));
            }
        }

        var result = new List<SubmitPdu>(parts.Count);
        foreach (var (ud, udl, header) in parts)
        {
            var first = 0x01 | (relativeValidity is null ? 0 : 0x10) | (statusReport ? 0x20 : 0) | (header ? 0x40 : 0);
            byte[] tpdu = [(byte)first, 0x00, .. address, 0x00, dcs, .. (relativeValidity is { } vp ? new[] { (byte)vp } : []), (byte)udl, .. ud];
            result.Add(new SubmitPdu(Convert.ToHexString([.. smscField, .. tpdu]), tpdu.Length));
        }
        return result;
    }

    private static byte[] Header(int reference, int total, int sequence) => [0x05, 0x00, 0x03, (byte)reference, (byte)total, (byte)sequence];

    private static List<byte[]> SplitSeptets(byte[] septets)
    {
        var chunks = new List<byte[]>();
        for (var at = 0; at < septets.Length;)
        {
            var take = Math.Min(PartSeptets, septets.Length - at);
            // ToSeptets never yields 0x1B as a character, so a 0x1B is always an escape waiting for its code.
            if (at + take < septets.Length && septets[at + take - 1] == Gsm7.Escape) take--;
            chunks.Add(septets[at..(at + take)]);
            at += take;
        }
        return chunks;
    }

    private static List<string> SplitUnits(string text)
    {
        var chunks = new List<string>();
        for (var at = 0; at < text.Length;)
        {
            var take = Math.Min(PartUnits, text.Length - at);
            if (at + take < text.Length && char.IsHighSurrogate(text[at + take - 1])) take--;
            chunks.Add(text.Substring(at, take));
            at += take;
        }
        return chunks;
    }
}
