using WwanProto.Core.HiLink;
using WwanProto.Core.Sms;
using Xunit;

namespace WwanProto.Tests.HiLink;

/// <summary>
/// The SMS and USSD answers of the web API as firmware sends them, and our requests as the WebUI sends them.
/// Recorded answers, where each came from:
/// - sms-count and the lower-case message list: docstrings of a public Python E3372 client (E3372h-320,
///   SoftwareVersion 10.0.3.1) that record the stick's answers verbatim (sms_count, sms_list_phone);
/// - sms-list in the firmware's capitalisation (Messages/Message, Smstat ...: the names that client's sms_list and
///   huawei-lte-api read, "beware uppercase here"), carrying the values of the same client's recorded
///   sms-list-contact answer; the "&amp;" in the first text is ours, to cover an entity;
/// - send-status pending and failed: fixtures of a public TypeScript HiLink SMS gateway's tests;
/// - check-notifications: fixture of a public router dashboard's tests;
/// - ussd/get: the answer bondrogeen/hilinkhuawei's README shows (E3372h-153), converted back from its JSON;
/// - send-sms / sms-list request bodies: element order of Salamek/huawei-lte-api (api/Sms.py), which notes that
///   the B525s-23a reads them in order.
/// </summary>
public sealed class HiLinkSmsXmlTests
{
    private const string SmsCount =
        "<response>\n\t<LocalUnread>1</LocalUnread>\n\t<LocalInbox>4</LocalInbox>\n\t<LocalOutbox>11</LocalOutbox>\n\t<LocalDraft>0</LocalDraft>\n" +
        "\t<LocalDeleted>0</LocalDeleted>\n\t<SimUnread>0</SimUnread>\n\t<SimInbox>0</SimInbox>\n\t<SimOutbox>0</SimOutbox>\n\t<SimDraft>0</SimDraft>\n" +
        "\t<LocalMax>500</LocalMax>\n\t<SimMax>100</SimMax>\n\t<SimUsed>0</SimUsed>\n\t<NewMsg>2</NewMsg>\n</response>";

    private const string ListLowerCase =
        "<response>\n<count>13</count>\n<messages>\n<message>\n<smstat>3</smstat>\n<index>40000</index>\n<phone>+33123456789</phone>\n" +
        "<content>Hello</content>\n<date>2020-11-11 17:07:34</date>\n<sca></sca>\n<curbox>1</curbox>\n<savetype>3</savetype>\n<priority>4</priority>\n" +
        "<smstype>1</smstype>\n</message>\n<message>\n<smstat>1</smstat>\n<index>40013</index>\n<phone>+33123456789</phone>\n" +
        "<content>Test only</content>\n<date>2020-11-21 16:45:44</date>\n<sca></sca>\n<curbox>0</curbox>\n<savetype>0</savetype>\n" +
        "<priority>0</priority>\n<smstype>1</smstype>\n</message>\n</messages>\n</response>";

    private const string ListRecorded =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<response>\r\n<Count>2</Count>\r\n<Messages>\r\n<Message>\r\n<Smstat>0</Smstat>\r\n" +
        "<Index>40005</Index>\r\n<Phone>Free Mobile</Phone>\r\n<Content>INFO FREE : ton forfait &amp; tes options</Content>\r\n" +
        "<Date>2020-11-20 11:13:48</Date>\r\n<Sca></Sca>\r\n<SaveType>0</SaveType>\r\n<Priority>0</Priority>\r\n<SmsType>2</SmsType>\r\n</Message>\r\n" +
        "<Message>\r\n<Smstat>1</Smstat>\r\n<Index>40013</Index>\r\n<Phone>+33123456789</Phone>\r\n<Content>Yeehaa it's working !</Content>\r\n" +
        "<Date>2020-11-21 16:45:44</Date>\r\n<Sca></Sca>\r\n<SaveType>0</SaveType>\r\n<Priority>0</Priority>\r\n<SmsType>1</SmsType>\r\n</Message>\r\n" +
        "</Messages>\r\n</response>\r\n";

    [Fact]
    public void Reads_the_recorded_sms_count()
    {
        var count = HiLinkSmsXml.Count(FlatXmlReader.Parse(SmsCount));
        Assert.Equal(new HiLinkSmsCount(1, 4, 11, 0, 500, 0, 0, 0, 0, 100, 0), count);
    }

    [Fact]
    public void Reads_message_lists_in_the_firmwares_spelling_and_in_lower_case()
    {
        var page = HiLinkSmsXml.List(FlatXmlReader.Parse(ListRecorded));
        Assert.Equal(2, page.Count);
        Assert.Equal(new HiLinkSms(40005, 0, "Free Mobile", "INFO FREE : ton forfait & tes options", "2020-11-20 11:13:48", "", 2), page.Messages[0]);
        Assert.Equal(40013, page.Messages[1].Index);

        var lower = HiLinkSmsXml.List(FlatXmlReader.Parse(ListLowerCase));
        Assert.Equal(13, lower.Count);
        Assert.Equal([40000, 40013], lower.Messages.Select(m => m.Index));
        Assert.Equal([3, 1], lower.Messages.Select(m => m.Smstat));
        Assert.Equal("Test only", lower.Messages[1].Content);
    }

    [Fact]
    public void A_listed_message_becomes_an_sms_message_with_the_sticks_index_as_id()
    {
        var page = HiLinkSmsXml.List(FlatXmlReader.Parse(ListRecorded));
        var received = HiLinkMessaging.ToMessage(page.Messages[0], HiLinkSmsApi.LocalInbox);
        Assert.Equal("ME:40005", received.Id);
        Assert.Equal("unread", received.Status);
        Assert.Equal("deliver", received.Kind);
        Assert.Equal("Free Mobile", received.Address);
        Assert.Equal(new DateTime(2020, 11, 20, 11, 13, 48), received.Timestamp!.Value.DateTime);
        Assert.Equal(SmsAlphabet.Gsm7, received.Alphabet);
        var sent = HiLinkMessaging.ToMessage(HiLinkSmsXml.List(FlatXmlReader.Parse(ListLowerCase)).Messages[0], HiLinkSmsApi.LocalSent);
        Assert.Equal(("sent", "submit", 1), (sent.Status, sent.Kind, sent.Parts));
        var ucs2 = HiLinkMessaging.ToMessage(new HiLinkSms(40001, 1, "+49", "Grüße ✓", null, "", 1), 1);
        Assert.Equal(SmsAlphabet.Ucs2, ucs2.Alphabet);
        Assert.Null(ucs2.Timestamp);
    }

    [Fact]
    public void Reads_send_status_pending_done_and_failed()
    {
        var pending = HiLinkSmsXml.SendStatus(FlatXmlReader.Parse(
            "<response><Phone>+358401234567</Phone><SucPhone></SucPhone><FailPhone></FailPhone><TotalCount>1</TotalCount><CurIndex>0</CurIndex></response>"));
        Assert.False(pending.Succeeded("+358401234567") || pending.Failed("+358401234567"));
        var failed = HiLinkSmsXml.SendStatus(FlatXmlReader.Parse(
            "<?xml version='1.0'?><response><Phone></Phone><SucPhone></SucPhone><FailPhone>+1555</FailPhone><TotalCount>1</TotalCount><CurIndex>1</CurIndex></response>"));
        Assert.True(failed.Failed("+1555"));
        Assert.False(failed.Succeeded("+1555"));
        var two = HiLinkSmsXml.SendStatus(FlatXmlReader.Parse("<response><SucPhone>+1555;+1666</SucPhone></response>"));
        Assert.True(two.Succeeded("+1666"));
    }

    [Fact]
    public void Reads_notifications_and_the_ussd_answer()
    {
        Assert.Equal(new HiLinkNotifications(0, false),
            HiLinkSmsXml.Notifications(FlatXmlReader.Parse("<response><UnreadMessage>0</UnreadMessage><SmsStorageFull>0</SmsStorageFull></response>")));
        Assert.Equal(new HiLinkNotifications(3, true), HiLinkSmsXml.Notifications(FlatXmlReader.Parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<response>\r\n<UnreadMessage>3</UnreadMessage>\r\n<SmsStorageFull>1</SmsStorageFull>\r\n<OnlineUpdateStatus>10</OnlineUpdateStatus>\r\n</response>")));
        var ussd = FlatXmlReader.Parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><content>Баланс:88,19р,Лимит:0,01р </content></response>");
        Assert.Equal("Баланс:88,19р,Лимит:0,01р ", ussd.Child("content")!.Text);
    }

    [Fact]
    public void Garbage_answers_give_empty_readings_not_exceptions()
    {
        var odd = HiLinkSmsXml.List(FlatXmlReader.Parse("<response><Count>x</Count><Messages><Message><Index>no</Index></Message><Other/></Messages></response>"));
        Assert.Null(odd.Count);
        Assert.Empty(odd.Messages);
        Assert.Empty(HiLinkSmsXml.List(FlatXmlReader.Parse("<response>OK</response>")).Messages);
        Assert.Null(HiLinkSmsXml.Date("20-11-2020"));
        Assert.Null(HiLinkSmsXml.Date("2020-02-30 10:00:00"));
        Assert.Null(HiLinkSmsXml.Date("2020-11-20 24:00:00"));
        Assert.Null(HiLinkSmsXml.Date("+020-11-20 11:13:48"));
        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 59), HiLinkSmsXml.Date("2024-02-29 23:59:59"));
    }

    [Fact]
    public void Requests_carry_the_elements_in_the_webuis_order()
    {
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?><request><Index>-1</Index><Phones><Phone>+4917612345678</Phone></Phones><Sca></Sca>" +
                     "<Content>a &lt;b&gt; &amp; c</Content><Length>9</Length><Reserved>1</Reserved><Date>2026-12-04 10:11:12</Date></request>",
            HiLinkSmsApi.SendBody("+4917612345678", "a <b> & c", gsm7: true, new DateTime(2026, 12, 4, 10, 11, 12)).ToString());
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?><request><PageIndex>2</PageIndex><ReadCount>50</ReadCount><BoxType>1</BoxType>" +
                     "<SortType>0</SortType><Ascending>0</Ascending><UnreadPreferred>0</UnreadPreferred></request>",
            HiLinkSmsApi.ListBody(HiLinkSmsApi.LocalInbox, 2, unreadFirst: false).ToString());
    }

    [Fact]
    public void Firmware_error_codes_are_named()
    {
        Assert.Equal("113018 (SMS: the stick's SMS service timed out (not ready yet, e.g. right after start))", HiLinkErrors.Describe(113018));
        Assert.Equal("111019 (USSD: no answer from the network yet)", HiLinkErrors.Describe(HiLinkErrors.UssdNoAnswerYet));
        Assert.Equal("113053 (SMS: the stick's message storage is full)", HiLinkErrors.Describe(113053));
    }
}
