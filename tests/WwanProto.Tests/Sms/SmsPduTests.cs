using System.Text;
using WwanProto.Core.Sms;
using Xunit;

namespace WwanProto.Tests.Sms;

/// <summary>
/// The PDU codec against published PDUs. "MM": ModemManager's src/tests/test-sms-part-3gpp.c (PDUs captured from
/// networks, e.g. KPN NL's welcome message and a Russian "InternetSMS" sender, and its encoder's expected bytes).
/// "dreamfabric": the SMS-SUBMIT example of "SMS messages and the PDU format" (dreamfabric.com/sms). Only the bytes
/// and what they mean are taken.
/// </summary>
public class SmsPduTests
{
    private static SmsDeliver Deliver(string hex) => Assert.IsType<SmsDeliver>(SmsPduReader.Read(hex));

    [Fact]
    public void Default_alphabet_has_128_codes() => Assert.Equal(128, Gsm7.TableSize);

    [Fact]
    public void Mm_pdu1_gsm7_with_extension_characters_and_a_negative_zone()
    {
        var d = Deliver("07912104442961F4040B916171957291F800001120821105050A6AC8B2BC7C9A83C220F6DB7D2ECB41EDF27C1E3E97411BDE06754FD3D1A0F9BB5D0695F1F4B29B5C2683C6E8B03C3CA697E5F34D6AE303D1D1F2F7DD0D4ABB59A0797D8C0685E7A00028EC26832A960B28EC2683BE6050780EBA97D96C17");
        Assert.Equal("+12404492164", d.Smsc);
        Assert.Equal("+16175927198", d.Sender);
        Assert.Equal(new DateTimeOffset(2011, 2, 28, 11, 50, 50, TimeSpan.FromHours(-5)), d.Timestamp);
        Assert.Equal("Here's a longer message [{with some extended characters}] thrown in, such as £ and ΩΠΨ and §¿ as well.", d.UserData.Text);
        Assert.Null(d.UserData.Part);
    }

    [Fact]
    public void Mm_pdu2_ucs2_from_an_alphanumeric_sender()
    {
        var d = Deliver("07919730071111F10414D04937BD2C7797E9D3E614000811309291024061080442043504410442");
        Assert.Equal("+79037011111", d.Smsc);
        Assert.Equal("InternetSMS", d.Sender);
        Assert.Equal(new DateTimeOffset(2011, 3, 29, 19, 20, 4, TimeSpan.FromHours(4)), d.Timestamp);
        Assert.Equal(SmsAlphabet.Ucs2, d.UserData.Alphabet);
        Assert.Equal("тест", d.UserData.Text);
    }

    [Theory]
    [InlineData("07912143658709F1040B918100551512F20000111010214365000AE8329BFD4697D9EC37", "+18005551212")]
    [InlineData("07912143658709F1040B818100551512F20000111010214365000AE8329BFD4697D9EC37", "18005551212")] // national
    [InlineData("07912143658709F1000B918100551512F2FF00111010214365000AE8329BFD4697D9EC37", "+18005551212")] // MMS clear, PID ff
    public void Mm_pdu3_hellohello(string hex, string sender)
    {
        var d = Deliver(hex);
        Assert.Equal("+12345678901", d.Smsc);
        Assert.Equal(sender, d.Sender);
        Assert.Equal(new DateTimeOffset(2011, 1, 1, 12, 34, 56, TimeSpan.Zero), d.Timestamp);
        Assert.Equal("hellohello", d.UserData.Text);
    }

    [Theory]
    [InlineData("07912143658709F1040B918100551512F20004111010214365000AE8329BFD4697D9EC37DE")] // DCS 04
    [InlineData("07912143658709F1040B918100551512F200F4111010214365000AE8329BFD4697D9EC37DE")] // DCS f4 (group F, 8-bit)
    public void Mm_8bit_data_is_data_not_text(string hex)
    {
        var d = Deliver(hex);
        Assert.Equal(SmsAlphabet.EightBit, d.UserData.Alphabet);
        Assert.Null(d.UserData.Text);
        Assert.Equal(Convert.FromHexString("E8329BFD4697D9EC37DE"), d.UserData.Data);
    }

    [Fact]
    public void Mm_dcs_group_f_gsm7_full_160_septets()
    {
        var d = Deliver("07913306091093F0040485810000F111604231805180A049B7F90D9A1AA5A01668F8769BD3E4B29B9E2EB359A03FC85D06A9C3ED707A0EA2CBC3EE79BB4CA7CBCBA05643617DA7C76990FD4D979741EE77DD5E0ED741ED371D442E83E0E1F9BC0CD281E677D9B84C06C1DF7539E85C9097E520FB9B2E2F83C6EF369C5E064D8D52D0BC2E07DDEF77D7DC2C7799E5A0771D040FCB41F402BB0047BFDD6550B80ECAD966");
        Assert.Equal("1800", d.Sender);
        Assert.Equal(new DateTimeOffset(2011, 6, 24, 13, 8, 15, TimeSpan.FromHours(2)), d.Timestamp);
        Assert.Equal("Info SFR - Confidentiel, à ne jamais transmettre -\r\nVoici votre nouveau mot de passe : sw2ced pour gérer votre compte SFR sur www.sfr.fr ou par téléphone au 963", d.UserData.Text);
    }

    [Fact]
    public void Mm_user_data_longer_than_the_pdu_is_null_not_an_exception()
    {
        Assert.Null(SmsPduReader.Read("07912143658709F1040B918100551512F20000111010214365000BE8329BFD4697D9EC37"));
    }

    [Fact]
    public void Mm_kpn_welcome_message_with_an_8bit_concatenation_header()
    {
        var d = Deliver("07911356131313F64004850120390011609232239180A006080400100201D7327BFD6EB340E232"
            + "1BF46E83EA7790F59D1E97DBE1341B442F83C465763D3DA797E56537C81D0ECB41AB59CC1693C1"
            + "6031D96C064241E5656838AF03A96230982A269BCD462917C8FA4E8FCBED709A0D7ABBE9F6B0FB"
            + "5C7683D27350984D4FABC9A0B33C4C4FCF5D20EBFB2D079DCB62793DBD06D9C36E50FB2D4E97D9"
            + "A0B49B5E96BBCB");
        Assert.Equal("+31653131316", d.Smsc);
        Assert.Equal("1002", d.Sender);
        Assert.Equal(new DateTimeOffset(2011, 6, 29, 23, 32, 19, TimeSpan.FromHours(2)), d.Timestamp);
        Assert.Equal(new SmsConcat(0x0010, 2, 1), d.UserData.Part); // IE 08: 16-bit reference 0x0010
        Assert.Equal("Welkom, bel om uw Voicemail te beluisteren naar +31612001233 (PrePay: *100*1233#). Voicemail ontvangen is altijd gratis. Voor gebruik van mobiel interne", d.UserData.Text);
    }

    [Fact]
    public void Mm_two_part_message_with_an_8bit_reference()
    {
        var first = Deliver("07912160130320F5440B916171056429F5000021405291650569A00500034C0201A9E8F41C949E"
            + "83C2207B599E07B1DFEE33885E9ED341E4F23C7D7697C920FA1B54C697E5E3F4BC0C6AD7D9F434"
            + "081E96D341E3303C2C4EB3D3F4BC0B94A483E6E8779D4D06CDD1EF3BA80E0785E7A0B7BB0C6A97"
            + "E7F3F0B9CC02B9DF7450780EA2DFDF2C50780EA2A3CBA0BA9B5C96B3F369F71954768FDFE4B4FB"
            + "0C9297E1F2F2BCECA6CF41");
        var second = Deliver("07912160130320F6440B916171056429F5000021405291651569320500034C0202E9E8301D4447"
            + "9741F0B09C3E0785E56590BCCC0ED3CB6410FD0D7ABBCBA0B0FB4D4797E52E10");
        Assert.Equal(new SmsConcat(0x4C, 2, 1), first.UserData.Part);
        Assert.Equal(new SmsConcat(0x4C, 2, 2), second.UserData.Part);
        Assert.Equal(new DateTimeOffset(2012, 4, 25, 19, 56, 50, TimeSpan.FromHours(-4)), first.Timestamp);
        Assert.Equal("This is a very long test designed to exercise multi part capability. It should show up as one message, not as two, as the underlying encoding represents ", first.UserData.Text);
        Assert.Equal("that the parts are related to one another. ", second.UserData.Text);
    }

    [Fact]
    public void Mm_submit_stored_by_the_modem_ucs2()
    {
        var s = Assert.IsType<SmsSubmit>(SmsPduReader.Read("002100098136397339F70008224F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60"));
        Assert.Equal("", s.Smsc);
        Assert.Equal("639337937", s.Recipient);
        Assert.True(s.StatusReportRequest);
        Assert.Equal("你好你好你好你好你好你好你好你好你", s.UserData.Text);
    }

    [Fact]
    public void Mm_status_report()
    {
        var r = Assert.IsType<SmsStatusReport>(SmsPduReader.Read("07914356060013F1065A098136397339F7219011700463802190117004638030"));
        Assert.Equal("+34656000311", r.Smsc);
        Assert.Equal(0x5A, r.Reference);
        Assert.Equal("639337937", r.Recipient);
        Assert.Equal(new DateTimeOffset(2012, 9, 11, 7, 40, 36, TimeSpan.FromHours(2)), r.ServiceCentreTime);
        Assert.Equal(0x30, r.Status);
        Assert.False(r.Delivered); // 0x30: temporary error, still trying
    }

    [Theory]
    // dreamfabric: +46708251358, "hellohello", relative validity 0xAA (4 days), SMSC from the modem.
    [InlineData("+46708251358", "hellohello", null, 0xAA, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37")]
    // MM PDU creator: validity 5 minutes is TP-VP 0; with and without SMSC; the last septet alone in its octet.
    [InlineData("+15555551234", "Да здравствует король, детка!", "+19037029920", 0,
        "07919130079229F011000B915155551532F40008003A041404300020043704340440043004320441044204320443043504420020043A043E0440043E043B044C002C0020043404350442043A04300021")]
    [InlineData("+15555551234", "Hi there...Tue 17th Jan 2012 05:30.18 pm (GMT+1) ΔΔΔΔΔ", "+19037029920", 0,
        "07919130079229F011000B915155551532F400000036C834888E2ECBCB2E978B5A2F8362373A1AA40CBB4132584C0682D57433982B8603C1DB20D4B1495DC552200804028100")]
    [InlineData("+15556661234", "This is really cool ΔΔΔΔΔ", null, 0, "0011000B915155661632F40000001954747A0E4ACF41F27298CDCE83C6EF371B0481402010")]
    [InlineData("+15556661234", "This is really cool ΔΔΔΔΔ", null, null, "0001000B915155661632F400001954747A0E4ACF41F27298CDCE83C6EF371B0481402010")]
    public void Submit_is_encoded_byte_exactly(string number, string text, string? smsc, int? validity, string expected)
    {
        var pdu = Assert.Single(SmsSubmitWriter.Encode(number, text, smsc, relativeValidity: validity));
        Assert.Equal(expected, pdu.Hex);
        Assert.Equal(expected.Length / 2 - 1 - Convert.FromHexString(expected)[0], pdu.TpduLength);
    }

    [Fact]
    public void Mm_address_encodings()
    {
        Assert.Equal(Convert.FromHexString("07919130079229F0"), SmsAddress.EncodeSmsc("+19037029920"));
        Assert.Equal(Convert.FromHexString("06810973209902"), SmsAddress.EncodeSmsc("9037029920"));
        Assert.Equal(Convert.FromHexString("0B919130079229F0"), SmsAddress.EncodeTp("+19037029920"));
        Assert.Equal(Convert.FromHexString("0A810973209902"), SmsAddress.EncodeTp("9037029920"));
    }

    [Fact]
    public void Long_gsm7_text_is_split_153_septets_a_part_never_inside_an_escape_and_reads_back()
    {
        // 152 plain characters, then '€' (escape + code) straddling the 153rd septet: it moves whole to part two.
        var text = new string('a', 152) + "€" + new string('b', 20);
        var parts = SmsSubmitWriter.Encode("+491701234567", text, concatReference: 7);
        Assert.Equal(2, parts.Count);
        var read = parts.Select(p => Assert.IsType<SmsSubmit>(SmsPduReader.Read(p.Hex))).ToList();
        Assert.Equal(new SmsConcat(7, 2, 1), read[0].UserData.Part);
        Assert.Equal(new SmsConcat(7, 2, 2), read[1].UserData.Part);
        Assert.Equal(new string('a', 152), read[0].UserData.Text);
        Assert.Equal(text, string.Concat(read.Select(r => r.UserData.Text)));
    }

    [Fact]
    public void Ucs2_text_with_surrogate_pairs_is_split_between_pairs_and_reads_back()
    {
        // 66 units, then an emoji (a surrogate pair) across the 67-unit boundary.
        var text = new string('ж', 66) + "😀" + "конец";
        var parts = SmsSubmitWriter.Encode("+491701234567", text);
        Assert.Equal(2, parts.Count);
        var read = parts.Select(p => Assert.IsType<SmsSubmit>(SmsPduReader.Read(p.Hex))).ToList();
        Assert.All(read, r => Assert.Equal(SmsAlphabet.Ucs2, r.UserData.Alphabet));
        Assert.Equal(new string('ж', 66), read[0].UserData.Text);
        Assert.Equal("😀конец", read[1].UserData.Text);
    }

    [Fact]
    public void Timestamps_round_trip_with_their_zone()
    {
        foreach (var offset in new[] { TimeSpan.FromHours(-5), TimeSpan.Zero, TimeSpan.FromMinutes(345), TimeSpan.FromHours(13) })
        {
            var time = new DateTimeOffset(2026, 12, 4, 5, 6, 7, offset);
            Assert.Equal(time, SmsTimestamp.Decode(SmsTimestamp.Encode(time)));
        }
    }

    [Fact]
    public void Mutated_pdus_never_throw()
    {
        var seeds = new[]
        {
            "07912104442961F4040B916171957291F800001120821105050A6AC8B2BC7C9A83C220F6DB7D2ECB41EDF27C1E3E97411BDE06754FD3D1A0F9BB5D0695F1F4B29B5C2683C6E8B03C3CA697E5F34D6AE303D1D1F2F7DD0D4ABB59A0797D8C0685E7A00028EC26832A960B28EC2683BE6050780EBA97D96C17",
            "07912160130320F6440B916171056429F5000021405291651569320500034C0202E9E8301D44479741F0B09C3E0785E56590BCCC0ED3CB6410FD0D7ABBCBA0B0FB4D4797E52E10",
            "07914356060013F1065A098136397339F7219011700463802190117004638030",
            "002100098136397339F70008224F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60597D4F60",
        }.Select(Convert.FromHexString).ToArray();
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var pdu = (byte[])seeds[i % seeds.Length].Clone();
            var cut = random.Next(pdu.Length + 1);
            for (var m = random.Next(1, 4); m > 0; m--) pdu[random.Next(pdu.Length)] = (byte)random.Next(256);
            _ = SmsPduReader.Read(pdu.AsSpan(0, cut));
            _ = SmsPduReader.Read(pdu);
        }
        Assert.Null(SmsPduReader.Read("0"));
        Assert.Null(SmsPduReader.Read("zz"));
        Assert.Null(SmsPduReader.Read(""));
    }
}
