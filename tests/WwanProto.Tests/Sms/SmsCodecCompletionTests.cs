using WwanProto.Core.Sms;
using Xunit;

namespace WwanProto.Tests.Sms;

/// <summary>
/// What the first codec lacked: national language shift tables (3GPP TS 23.038 Annex A, named by IEs 0x24/0x25 of
/// TS 23.040 §9.2.3.24.15/.16), reassembly by reference (§9.2.3.24.1/.8), +CMS error meanings (TS 27.005 §3.2.5)
/// and Huawei's packed USSD strings. No published national-language PDU was found, so those PDUs are built here
/// octet by octet from the TS 23.040 layout (noted at each).
/// </summary>
public sealed class SmsCodecCompletionTests
{
    /// <summary>An SMS-DELIVER with a user data header and GSM 7-bit septets after it (fill bits per §9.2.3.16).</summary>
    private static string DeliverWithHeader(byte[] ies, byte[] septets)
    {
        byte[] udh = [(byte)ies.Length, .. ies];
        var fill = (7 - udh.Length * 8 % 7) % 7;
        var udl = (udh.Length * 8 + fill) / 7 + septets.Length;
        byte[] pdu = [0x00, 0x44, .. SmsAddress.EncodeTp("+905321234567"), 0x00, 0x00,
            .. SmsTimestamp.Encode(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(3))), (byte)udl, .. udh, .. Gsm7.Pack(septets, fill)];
        return Convert.ToHexString(pdu);
    }

    [Fact]
    public void Turkish_locking_and_single_shift_tables_are_applied()
    {
        // ı (locking 0x07), Ğ (single 0x47), ç (locking 0x60), ş (single 0x73), € (locking 0x04), then "Sa" unchanged.
        var hex = DeliverWithHeader([0x25, 1, 1, 0x24, 1, 1], [0x07, 0x1B, 0x47, 0x60, 0x1B, 0x73, 0x04, 0x53, 0x61]);
        var d = Assert.IsType<SmsDeliver>(SmsPduReader.Read(hex));
        Assert.Equal("ıĞçş€Sa", d.UserData.Text);
        Assert.Null(d.UserData.Part);
    }

    [Fact]
    public void Spanish_single_shift_and_portuguese_locking_shift()
    {
        var spanish = Assert.IsType<SmsDeliver>(SmsPduReader.Read(DeliverWithHeader([0x24, 1, 2], [0x1B, 0x41, 0x1B, 0x75, 0x1B, 0x09, 0x1B, 0x65, 0x40])));
        Assert.Equal("Áúç€¡", spanish.UserData.Text); // 0x40 stays the default table's ¡: only the single shift is Spanish
        var portuguese = Assert.IsType<SmsDeliver>(SmsPduReader.Read(DeliverWithHeader([0x25, 1, 3, 0x24, 1, 3], [0x04, 0x7B, 0x1B, 0x7C, 0x60, 0x1B, 0x12])));
        Assert.Equal("êãõ~Φ", portuguese.UserData.Text);
    }

    [Fact]
    public void A_language_without_tables_here_reads_with_the_default_ones_and_concatenation_still_counts()
    {
        // Hindi (6) locking shift plus an 8-bit concatenation element in the same header.
        var d = Assert.IsType<SmsDeliver>(SmsPduReader.Read(DeliverWithHeader([0x00, 3, 0x42, 2, 1, 0x25, 1, 6], [0x48, 0x69, 0x1B, 0x65])));
        Assert.Equal("Hi€", d.UserData.Text);
        Assert.Equal(new SmsConcat(0x42, 2, 1), d.UserData.Part);
    }

    private static StoredPdu Part(int index, string sender, int reference, int total, int sequence, string text, bool reference16 = false)
    {
        var septets = Gsm7.ToSeptets(text)!;
        byte[] ie = reference16 ? [0x08, 4, (byte)(reference >> 8), (byte)reference, (byte)total, (byte)sequence] : [0x00, 3, (byte)reference, (byte)total, (byte)sequence];
        var pdu = SmsPduReader.Read(DeliverWithHeader(ie, septets))!;
        pdu = pdu is SmsDeliver d ? d with { Sender = sender } : pdu;
        return new StoredPdu("SM", index, 1, pdu);
    }

    [Fact]
    public void Parts_are_joined_by_reference_sender_and_total_in_sequence_order_whatever_order_they_are_stored_in()
    {
        var messages = SmsAssembler.Assemble([
            Part(0, "+491", 7, 3, 3, "end."),
            Part(1, "+492", 7, 2, 2, "world"),      // same reference, other sender: another message
            Part(2, "+491", 7, 3, 1, "Start, "),
            Part(3, "+491", 0x1234, 2, 1, "sixteen ", reference16: true),
            Part(4, "+492", 7, 2, 1, "hello "),
            Part(5, "+491", 7, 3, 2, "middle, "),
            Part(6, "+491", 0x1234, 2, 2, "bits", reference16: true),
        ]);
        Assert.True(messages.Count == 3, string.Join(" | ", messages.Select(m => $"{m.Id} {m.Address} {m.Text}")));
        Assert.Equal(("SM:0", "Start, middle, end.", true), (messages[0].Id, messages[0].Text, messages[0].Complete));
        Assert.Equal([0, 2, 5], messages[0].Indices);
        Assert.Equal(("SM:1", "hello world", true), (messages[1].Id, messages[1].Text, messages[1].Complete));
        Assert.Equal(("SM:3", "sixteen bits", true), (messages[2].Id, messages[2].Text, messages[2].Complete));
    }

    [Fact]
    public void A_message_with_a_part_missing_shows_what_is_there_marked_incomplete()
    {
        var m = Assert.Single(SmsAssembler.Assemble([Part(4, "+491", 9, 3, 3, "three"), Part(2, "+491", 9, 3, 1, "one ")]));
        Assert.Equal(("SM:2", "one three", false, 3), (m.Id, m.Text, m.Complete, m.Parts));
    }

    [Fact]
    public void A_reused_reference_with_a_repeated_sequence_number_is_a_second_message()
    {
        var messages = SmsAssembler.Assemble([Part(0, "+491", 5, 2, 1, "a1 "), Part(1, "+491", 5, 2, 2, "a2"), Part(2, "+491", 5, 2, 1, "b1 ")]);
        Assert.Equal(["a1 a2", "b1 "], messages.Select(m => m.Text));
    }

    [Theory]
    [InlineData(330, "SMSC address unknown")]
    [InlineData(322, "memory full")]
    [InlineData(38, "network out of order")]
    [InlineData(310, "(U)SIM not inserted")]
    [InlineData(77, "network cause")]
    [InlineData(555, "manufacturer specific")]
    public void Cms_errors_have_their_meaning(int code, string meaning) => Assert.Equal(meaning, CmsErrors.Meaning(code));

    [Fact]
    public void Huawei_packs_ussd_strings_as_gsm7_hex()
    {
        // *100# → AA180C3602: the string ModemManager's Huawei plugin and many forum transcripts send for it.
        Assert.Equal("AA180C3602", UssdCodec.Encode("*100#", packedHex: true));
        Assert.Equal("*100#", UssdCodec.Encode("*100#", packedHex: false));
        Assert.Null(UssdCodec.Encode("Привет", packedHex: true));
        foreach (var text in new[] { "*100#", "1", "Balance: 12.34 EUR", "seven77", "Your balance is 5 EUR {valid}" })
            Assert.Equal(text, UssdCodec.Decode(UssdCodec.Encode(text, packedHex: true)!, 15, packedHex: true));
    }

    [Fact]
    public void A_packed_answer_is_unpacked_and_its_padding_dropped()
    {
        // Seven characters fill 49 bits: the eighth septet of the seventh octet is padding (CR when the sender filled it).
        foreach (var text in new[] { "Balance ist 5 EUR", "1234567", "12345678" })
        {
            var line = $"+CUSD: 0,\"{UssdCodec.Encode(text, packedHex: true)}\",15";
            Assert.Equal(new UssdReply("done", text), UssdCodec.Parse(line, packedHex: true));
        }
        Assert.Equal("1234567", UssdCodec.Decode(Convert.ToHexString(Gsm7.Pack(Gsm7.ToSeptets("1234567")!)), 15, packedHex: true));
    }

    [Theory]
    [InlineData("+CUSD: 1,\"Menu: 1 Data\",15", false, "more", "Menu: 1 Data")]
    [InlineData("+CUSD: 0,\"04220435044104420020\",72", false, "done", "Тест ")]
    [InlineData("+CUSD: 2", true, "terminated", null)]
    [InlineData("+CUSD: 4", true, "not-supported", null)]
    public void Cusd_lines_are_read_with_their_dcs(string line, bool packed, string status, string? text)
    {
        var reply = UssdCodec.Parse(line, packed)!;
        Assert.Equal(status, reply.Status);
        Assert.Equal(text, reply.Text);
    }
}
