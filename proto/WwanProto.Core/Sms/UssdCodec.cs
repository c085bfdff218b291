using System.Text;

namespace WwanProto.Core.Sms;

/// <summary>What the network answered to a USSD request (+CUSD: &lt;m&gt;[,&lt;str&gt;,&lt;dcs&gt;], 3GPP TS 27.007 §7.15).</summary>
/// <param name="Status">done (m=0), more (1: the network waits for an answer), terminated (2), other-client (3), not-supported (4), timeout (5).</param>
/// <remarks>Status "open": a HiLink stick holds the dialogue open and its web API does not say whether the network waits.</remarks>
public sealed record UssdReply(string Status, string? Text)
{
    public bool ExpectsAnswer => Status is "more" or "open";
}

/// <summary>
/// USSD strings on the AT port. Huawei sticks take and give them as packed GSM 7-bit septets in hex with DCS 15
/// (AT+CUSD=1,"AA180C3602",15 for *100#; the answer the same way) instead of text in the +CSCS character set;
/// ModemManager's Huawei plugin and gsmmodem both do the same packing. Other modems use plain text.
/// </summary>
public static class UssdCodec
{
    /// <summary>The string for AT+CUSD=1,"…",15; null when <paramref name="text"/> has no GSM 7-bit form.</summary>
    public static string? Encode(string text, bool packedHex)
    {
        var septets = Gsm7.ToSeptets(text);
        if (septets is null) return null;
        if (!packedHex) return text;
        // TS 23.038 §6.1.2.3.1: when 7 spare bits would remain, they are filled with CR so they do not read as '@'.
        if (septets.Length % 8 == 7) septets = [.. septets, 0x0D];
        return Convert.ToHexString(Gsm7.Pack(septets));
    }

    /// <summary>Parses "+CUSD: 1,"…",15"; null when the line is not a +CUSD line.</summary>
    public static UssdReply? Parse(string line, bool packedHex)
    {
        var t = line.Trim();
        if (!t.StartsWith("+CUSD:", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = t[6..].Trim();
        var comma = rest.IndexOf(',');
        var mode = (comma < 0 ? rest : rest[..comma]).Trim();
        if (!int.TryParse(mode, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m)) return null;
        string? text = null;
        if (comma >= 0)
        {
            var body = rest[(comma + 1)..].Trim();
            var dcs = 15;
            if (body.StartsWith('"'))
            {
                var close = body.LastIndexOf('"');
                var value = close > 0 ? body[1..close] : body[1..];
                var after = close > 0 ? body[(close + 1)..].TrimStart(',', ' ') : "";
                if (int.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d)) dcs = d;
                text = Decode(value, dcs, packedHex);
            }
            else text = body;
        }
        var status = m switch { 0 => "done", 1 => "more", 2 => "terminated", 3 => "other-client", 4 => "not-supported", 5 => "timeout", _ => "unknown" };
        return new UssdReply(status, text);
    }

    /// <summary>The text of a USSD string with its DCS (TS 23.038 §5, the CBS coding groups).</summary>
    public static string Decode(string value, int dcs, bool packedHex)
    {
        var alphabet = Alphabet(dcs);
        var hex = value.Length % 2 == 0 && value.Length > 0 && value.All(char.IsAsciiHexDigit);
        if (alphabet == SmsAlphabet.Ucs2 && hex && value.Length % 4 == 0)
            return Encoding.BigEndianUnicode.GetString(Convert.FromHexString(value));
        if (alphabet == SmsAlphabet.Gsm7 && packedHex && hex)
        {
            var packed = Convert.FromHexString(value);
            var septets = Gsm7.Unpack(packed, packed.Length * 8 / 7);
            var count = septets.Length;
            // Seven spare bits at the end read as one more septet: CR when the sender filled them (§6.1.2.3.1), zero
            // ('@') from senders that did not. Either way it is not text.
            if (packed.Length % 7 == 0 && count > 0 && septets[count - 1] is 0x0D or 0x00) count--;
            return Gsm7.FromSeptets(septets.AsSpan(0, count));
        }
        return value;
    }

    private static SmsAlphabet Alphabet(int dcs) => (dcs >> 4) switch
    {
        1 => (dcs & 0x0F) == 1 ? SmsAlphabet.Ucs2 : SmsAlphabet.Gsm7,
        >= 4 and <= 7 => ((dcs >> 2) & 0x03) switch { 1 => SmsAlphabet.EightBit, 2 => SmsAlphabet.Ucs2, _ => SmsAlphabet.Gsm7 },
        9 => ((dcs >> 2) & 0x03) switch { 1 => SmsAlphabet.EightBit, 2 => SmsAlphabet.Ucs2, _ => SmsAlphabet.Gsm7 },
        0xF => (dcs & 0x04) != 0 ? SmsAlphabet.EightBit : SmsAlphabet.Gsm7,
        _ => SmsAlphabet.Gsm7,
    };
}
