using System.Text;
using WwanProto.Core.Sms;

namespace WwanProto.ModemSim.Sms;

/// <summary>
/// The network's side of 3GPP TS 23.040: SMS-DELIVER PDUs (with the SMSC field, as +CMGL/+CMT print them) for a
/// text, GSM 7-bit when every character has a code, else UCS-2; long texts as concatenated parts with an 8- or
/// 16-bit reference (§9.2.3.24.1, .8); and SMS-STATUS-REPORTs. Built here from the octet layout, not through the
/// product's writer, so the product's reader is checked against an independent encoder.
/// </summary>
public static class SmsDeliverEncoder
{
    public const string Smsc = "+491710760000";

    public static IReadOnlyList<string> Deliver(string sender, string text, DateTimeOffset time, int reference = 0, bool reference16 = false)
    {
        var septets = Gsm7.ToSeptets(text);
        var ucs2 = septets is null;
        var header = reference16 ? 7 : 6;
        List<byte[]> chunks = [];
        if (!ucs2)
        {
            var single = septets!.Length <= 160;
            var size = single ? 160 : (140 - header) * 8 / 7;
            for (var at = 0; at < septets.Length; at += size)
            {
                var take = Math.Min(size, septets.Length - at);
                if (at + take < septets.Length && septets[at + take - 1] == Gsm7.Escape) take--;
                chunks.Add(septets[at..(at + take)]);
                at -= size - take;
            }
        }
        else
        {
            var units = Encoding.BigEndianUnicode.GetBytes(text);
            var size = units.Length <= 140 ? 140 : (140 - header) & ~1;
            for (var at = 0; at < units.Length; at += size)
            {
                var take = Math.Min(size, units.Length - at);
                // Never between the halves of a surrogate pair.
                if (at + take < units.Length && take >= 2 && char.IsHighSurrogate((char)(units[at + take - 2] << 8 | units[at + take - 1]))) take -= 2;
                chunks.Add(units[at..(at + take)]);
                at -= size - take;
            }
        }
        var pdus = new List<string>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var concat = chunks.Count > 1;
            byte[] udh = !concat ? []
                : reference16 ? [6, 0x08, 4, (byte)(reference >> 8), (byte)reference, (byte)chunks.Count, (byte)(i + 1)]
                : [5, 0x00, 3, (byte)reference, (byte)chunks.Count, (byte)(i + 1)];
            byte[] ud;
            int udl;
            if (ucs2)
            {
                ud = [.. udh, .. chunks[i]];
                udl = ud.Length;
            }
            else
            {
                var fill = udh.Length == 0 ? 0 : (7 - udh.Length * 8 % 7) % 7;
                ud = [.. udh, .. Gsm7.Pack(chunks[i], fill)];
                udl = (udh.Length * 8 + fill) / 7 + chunks[i].Length;
            }
            var first = (byte)(0x04 | (concat ? 0x40 : 0)); // SMS-DELIVER, no more messages to send
            byte[] pdu = [.. SmsAddress.EncodeSmsc(Smsc), first, .. SmsAddress.EncodeTp(sender), 0x00, (byte)(ucs2 ? 0x08 : 0x00),
                .. SmsTimestamp.Encode(time), (byte)udl, .. ud];
            pdus.Add(Convert.ToHexString(pdu));
        }
        return pdus;
    }

    /// <summary>An SMS-STATUS-REPORT for message <paramref name="reference"/> (TP-ST 0: delivered).</summary>
    public static string StatusReport(int reference, string recipient, DateTimeOffset time, int status = 0)
    {
        byte[] pdu = [.. SmsAddress.EncodeSmsc(Smsc), 0x06, (byte)reference, .. SmsAddress.EncodeTp(recipient),
            .. SmsTimestamp.Encode(time), .. SmsTimestamp.Encode(time), (byte)status];
        return Convert.ToHexString(pdu);
    }

    /// <summary>The TPDU length +CMT/+CMGL announce: octets after the SMSC field.</summary>
    public static int TpduLength(string hex) => hex.Length / 2 - 1 - Convert.ToByte(hex[..2], 16);
}
