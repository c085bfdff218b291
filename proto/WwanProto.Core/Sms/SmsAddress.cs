using System.Text;

namespace WwanProto.Core.Sms;

/// <summary>
/// TP addresses and the SMSC address (3GPP TS 23.040 §9.1.2.5, TS 24.011 §8.2.5.1): type of address, then
/// semi-octet digits (swapped nibbles, F filler), or GSM 7-bit text for alphanumeric senders (TON 5).
/// "+" in front means international (TOA 0x91), else unknown/ISDN (0x81).
/// </summary>
public static class SmsAddress
{
    private const string Semi = "0123456789*#abc";

    /// <summary>A TP address: length in digits, TOA, digits.</summary>
    public static byte[] EncodeTp(string number)
    {
        var (toa, digits) = Split(number);
        return [(byte)digits.Length, toa, .. SemiOctets(digits)];
    }

    /// <summary>The SMSC field: length in octets (TOA included), TOA, digits; "00" = the SMSC stored in the modem.</summary>
    public static byte[] EncodeSmsc(string? number)
    {
        if (string.IsNullOrEmpty(number)) return [0];
        var (toa, digits) = Split(number);
        var octets = SemiOctets(digits);
        return [(byte)(octets.Length + 1), toa, .. octets];
    }

    /// <summary>Reads a TP address at <paramref name="at"/>; null when it runs past the end or holds a non-digit.</summary>
    public static string? DecodeTp(ReadOnlySpan<byte> pdu, ref int at)
    {
        if (at + 2 > pdu.Length) return null;
        int digits = pdu[at], toa = pdu[at + 1];
        var octets = (digits + 1) / 2;
        if (at + 2 + octets > pdu.Length) return null;
        var value = pdu.Slice(at + 2, octets);
        at += 2 + octets;
        if (((toa >> 4) & 7) == 5) return Gsm7.FromSeptets(Gsm7.Unpack(value, digits * 4 / 7));
        return Digits(value, digits, toa);
    }

    /// <summary>Reads the SMSC field at the start of a PDU from the modem; "" when it is empty.</summary>
    public static string? DecodeSmsc(ReadOnlySpan<byte> pdu, ref int at)
    {
        if (at >= pdu.Length) return null;
        int length = pdu[at];
        if (length == 0) { at++; return ""; }
        if (at + 1 + length > pdu.Length) return null;
        var toa = pdu[at + 1];
        var value = pdu.Slice(at + 2, length - 1);
        at += 1 + length;
        return Digits(value, value.Length * 2, toa);
    }

    private static string? Digits(ReadOnlySpan<byte> value, int count, int toa)
    {
        var text = new StringBuilder(count + 1);
        if (((toa >> 4) & 7) == 1) text.Append('+');
        for (var i = 0; i < count; i++)
        {
            var nibble = i % 2 == 0 ? value[i / 2] & 0x0F : value[i / 2] >> 4;
            if (nibble == 0x0F) break; // the filler of an odd count
            text.Append(Semi[nibble]);
        }
        return text.ToString();
    }

    private static (byte Toa, string Digits) Split(string number)
    {
        var international = number.StartsWith('+');
        var digits = international ? number[1..] : number;
        if (digits.Length is 0 or > 20 || digits.Any(c => Semi.IndexOf(char.ToLowerInvariant(c)) < 0))
            throw new ArgumentException($"'{number}' is not a phone number (digits, * and #, optionally a leading +)", nameof(number));
        return (international ? (byte)0x91 : (byte)0x81, digits);
    }

    private static byte[] SemiOctets(string digits)
    {
        var octets = new byte[(digits.Length + 1) / 2];
        for (var i = 0; i < octets.Length; i++)
        {
            var low = Semi.IndexOf(char.ToLowerInvariant(digits[2 * i]));
            var high = 2 * i + 1 < digits.Length ? Semi.IndexOf(char.ToLowerInvariant(digits[2 * i + 1])) : 0x0F;
            octets[i] = (byte)(high << 4 | low);
        }
        return octets;
    }
}
