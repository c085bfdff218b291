using System.Text;

namespace WwanProto.Core.Qmi;

/// <summary>GSM 03.38 default alphabet, packed 7-bit (LSB first), as some modems send operator names.</summary>
public static class Gsm7
{
    // Septets 0x00-0x7F; ASCII where the alphabets agree, the GSM letters elsewhere. 0x1B (escape) shows as a space.
    private const string Alphabet =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    public static string UnpackToText(ReadOnlySpan<byte> packed)
    {
        var count = packed.Length * 8 / 7;
        var sb = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            var bit = i * 7;
            var value = packed[bit / 8] >> (bit % 8);
            if (bit % 8 > 1 && bit / 8 + 1 < packed.Length) value |= packed[bit / 8 + 1] << (8 - bit % 8);
            var septet = value & 0x7f;
            // A trailing zero septet is padding when the last octet had a spare bit.
            if (septet == 0 && i == count - 1) break;
            sb.Append(Alphabet[septet]);
        }
        return sb.ToString();
    }
}
