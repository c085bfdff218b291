using System.Text;

namespace WwanProto.Core.Qmi;

/// <summary>
/// VOICE (service 9), the USSD part: TLV ids and enums from libqmi's data/qmi-service-voice.json and
/// qmi-enums-voice.h. USS data is (data coding scheme, u8-prefixed octets): ASCII, or UCS-2 big-endian (what
/// ModemManager's QMI USSD code sends for text that is not ASCII); answers may come as "USS Data UTF16" instead,
/// an u8 count of little-endian UTF-16 units, which ModemManager prefers when both are present. Readers answer
/// null for anything malformed.
/// </summary>
public static class VoiceMessages
{
    /// <summary>QmiVoiceUssDataCodingScheme.</summary>
    public enum UssDcs : byte { Unknown = 0x00, Ascii = 0x01, EightBit = 0x02, Ucs2 = 0x03 }

    /// <summary>QmiVoiceUserAction: whether the network waits for the user's answer.</summary>
    public enum UserAction : byte { Unknown = 0x00, NotRequired = 0x01, Required = 0x02 }

    /// <summary>The USSD indication: the network's text and whether it waits for an answer.</summary>
    public sealed record UssdIndication(UserAction Action, string? Text);

    /// <summary>Originate USSD's answer: the network's text (null when it sent none) and, on failure, the call end reason.</summary>
    public sealed record OriginateAnswer(string? Text, ushort? FailureCause);

    /// <summary>USSD Notification Events (TLV 0x16): USSD and Release USSD indications for this client.</summary>
    public static QmiRequest RegisterUssdIndications() =>
        new(QmiMessages.VoiceIndicationRegister, new QmiTlvWriter().U8(0x16, 1).ToArray());

    public static QmiRequest OriginateUssd(string text) => new(QmiMessages.VoiceOriginateUssd, UssData(text));
    public static QmiRequest AnswerUssd(string text) => new(QmiMessages.VoiceAnswerUssd, UssData(text));
    public static QmiRequest CancelUssd() => new(QmiMessages.VoiceCancelUssd);

    /// <summary>USS Data (0x01): ASCII when every character is, else UCS-2; at most 255 octets (the u8 length).</summary>
    private static byte[] UssData(string text)
    {
        var (dcs, data) = Encode(text);
        if (data.Length > byte.MaxValue) throw new ArgumentException("USSD string too long", nameof(text));
        return new QmiTlvWriter().Begin(0x01).FieldU8((byte)dcs).FieldU8((byte)data.Length).FieldBytes(data).End().ToArray();
    }

    public static (UssDcs Dcs, byte[] Data) Encode(string text) =>
        text.All(char.IsAscii) ? (UssDcs.Ascii, Encoding.ASCII.GetBytes(text)) : (UssDcs.Ucs2, Encoding.BigEndianUnicode.GetBytes(text));

    /// <summary>The text of USS data in <paramref name="dcs"/>; 8-bit data is read as Latin-1 (its octets, unchanged).</summary>
    public static string? Decode(UssDcs dcs, ReadOnlySpan<byte> data) => dcs switch
    {
        UssDcs.Ascii => Encoding.ASCII.GetString(data),
        UssDcs.Ucs2 => Encoding.BigEndianUnicode.GetString(data[..(data.Length & ~1)]),
        UssDcs.EightBit => Encoding.Latin1.GetString(data),
        _ => null,
    };

    public static OriginateAnswer ReadOriginate(QmiTlvReader r) => new(Text(r, 0x16, 0x12), r.U16(0x10));

    public static UssdIndication? ReadUssdIndication(QmiTlvReader r) =>
        r.U8(0x01) is { } action ? new UssdIndication((UserAction)action, Text(r, 0x11, 0x10)) : null;

    /// <summary>The UTF-16 TLV when present (u8 count of LE units), else the (dcs, data) TLV.</summary>
    private static string? Text(QmiTlvReader r, byte utf16, byte uss)
    {
        if (r.Get(utf16) is { Length: >= 1 } u)
        {
            var span = u.Span;
            var units = span[0];
            if (1 + units * 2 <= span.Length) return Encoding.Unicode.GetString(span.Slice(1, units * 2));
        }
        if (r.Get(uss) is { } v)
        {
            var f = new QmiFieldReader(v.Span);
            var dcs = f.U8();
            var data = f.U8() is { } n ? f.Bytes(n) : null;
            if (f.Ok && data is not null) return Decode((UssDcs)dcs!.Value, data);
        }
        return null;
    }
}
