using System.Text;

namespace WwanProto.Core.Sms;

/// <summary>
/// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), and septet packing
/// (§6.1.2.1.1) with the fill bits a user data header leaves. Decoding never throws: an unknown extension code
/// reads as a space (§6.2.1.1 says to show the default-table character; we show the escape as the spec's space).
/// </summary>
public static class Gsm7
{
    public const int Escape = 0x1B;

    /// <summary>Code 0x00–0x7F in table order; 0x1B is the escape to the extension table.</summary>
    private const string Default =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static readonly (int Code, char Char)[] Extension =
        [(0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'), (0x3C, '['), (0x3D, '~'), (0x3E, ']'), (0x40, '|'), (0x65, '€')];

    public static int TableSize => Default.Length;

    /// <summary>Septets for <paramref name="text"/> (extension characters as two), or null when a character has no GSM 7-bit code.</summary>
    public static byte[]? ToSeptets(string text)
    {
        var septets = new List<byte>(text.Length);
        foreach (var c in text)
        {
            var code = c == '\u001b' ? -1 : Default.IndexOf(c);
            if (code >= 0) { septets.Add((byte)code); continue; }
            var ext = Array.FindIndex(Extension, e => e.Char == c);
            if (ext < 0) return null;
            septets.Add(Escape);
            septets.Add((byte)Extension[ext].Code);
        }
        return [.. septets];
    }

    /// <param name="lockingShift">The national language of the locking shift table (IE 0x25), 0 for the default alphabet.</param>
    /// <param name="singleShift">The national language of the single shift table (IE 0x24), 0 for the default extension table.</param>
    public static string FromSeptets(ReadOnlySpan<byte> septets, int lockingShift = 0, int singleShift = 0)
    {
        var text = new StringBuilder(septets.Length);
        var national = Gsm7NationalTables.HasSingle(singleShift);
        for (var i = 0; i < septets.Length; i++)
        {
            var s = septets[i] & 0x7F;
            if (s != Escape) { text.Append(Gsm7NationalTables.Locking(lockingShift, s) ?? Default[s]); continue; }
            if (++i >= septets.Length) break; // a lone escape at the end: nothing to show
            var code = septets[i] & 0x7F;
            char? shifted;
            if (national) shifted = Gsm7NationalTables.Single(singleShift, code);
            else
            {
                var ext = Array.FindIndex(Extension, e => e.Code == code);
                shifted = ext >= 0 ? Extension[ext].Char : null;
            }
            // Not in the table: §6.2.1.1 says to show the character of the (locking) table instead.
            text.Append(shifted ?? (code == Escape ? ' ' : Gsm7NationalTables.Locking(lockingShift, code) ?? Default[code]));
        }
        return text.ToString();
    }

    /// <summary>Packs septets LSB first, after <paramref name="fillBits"/> zero bits (0–6).</summary>
    public static byte[] Pack(ReadOnlySpan<byte> septets, int fillBits = 0)
    {
        var bits = fillBits + septets.Length * 7;
        var packed = new byte[(bits + 7) / 8];
        for (var i = 0; i < septets.Length; i++)
        {
            var at = fillBits + i * 7;
            var value = (septets[i] & 0x7F) << (at % 8);
            packed[at / 8] |= (byte)value;
            if (at % 8 > 1) packed[at / 8 + 1] |= (byte)(value >> 8);
        }
        return packed;
    }

    /// <summary><paramref name="count"/> septets from packed octets (fewer when the octets run out).</summary>
    public static byte[] Unpack(ReadOnlySpan<byte> packed, int count)
    {
        count = Math.Min(count, packed.Length * 8 / 7);
        var septets = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var at = i * 7;
            var value = packed[at / 8] >> (at % 8);
            if (at % 8 > 1 && at / 8 + 1 < packed.Length) value |= packed[at / 8 + 1] << (8 - at % 8);
            septets[i] = (byte)(value & 0x7F);
        }
        return septets;
    }
}
