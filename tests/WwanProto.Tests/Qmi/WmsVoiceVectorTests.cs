using System.Text;
using WwanProto.Core.Qmi;
using WwanProto.Core.Sms;
using Xunit;

namespace WwanProto.Tests.Qmi;

/// <summary>
/// The WMS and VOICE messages byte for byte. libqmi has no test vectors for these services, so every frame here is
/// assembled by hand from the layouts in libqmi's data/qmi-service-wms.json and qmi-service-voice.json (TLV id,
/// u16 length, value; enums from qmi-enums-wms.h / qmi-enums-voice.h), and for Get SMSC Address / Get Store Max Size
/// from the Gobi API's GobiConnectionMgmtAPIStructs.h; never produced by our encoder. The PDUs inside are published
/// ones: "dreamfabric" (dreamfabric.com/sms, the SMS-SUBMIT example), "MM" (ModemManager's
/// src/tests/test-sms-part-3gpp.c: the "InternetSMS" UCS-2 DELIVER and the status report).
/// </summary>
public sealed class WmsVoiceVectorTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static byte[] Encode(QmiRequest request, byte client, ushort txn) =>
        new QmiMessage(request.Type.Service, client, QmiMessageKind.Request, txn, request.Type.Id, request.Tlvs).Encode();

    private static QmiTlvReader Frame(string hex, QmiMessageKind kind)
    {
        var m = QmiMessage.TryParse(Hex(hex), out var problem);
        Assert.True(m is not null, problem);
        Assert.Equal(kind, m!.Kind);
        return new QmiTlvReader(m);
    }

    private const string DreamfabricSubmit = "0011000B916407281553F80000AA0AE8329BFD4697D9EC37";
    private const string MmInternetSms = "07919730071111F10414D04937BD2C7797E9D3E614000811309291024061080442043504410442";

    // Set Event Report: New MT Message Indicator (0x10) = 1.
    [Fact]
    public void Wms_set_event_report() =>
        Assert.Equal(Hex("01 1000 00 05 01 00 0100 0100 0400 10 0100 01"), Encode(WmsMessages.SetEventReport(true), 1, 1));

    // List Messages: storage (0x01), tag (0x11) when filtered, mode GSM/WCDMA (0x12).
    [Fact]
    public void Wms_list_messages()
    {
        Assert.Equal(Hex("01 1400 00 05 01 00 0200 3100 0800 01 0100 00 12 0100 01"), Encode(WmsMessages.ListMessages(WmsMessages.Storage.Uim), 1, 2));
        Assert.Equal(Hex("01 1800 00 05 01 00 0200 3100 0C00 01 0100 01 11 0100 01 12 0100 01"),
            Encode(WmsMessages.ListMessages(WmsMessages.Storage.Nv, WmsMessages.Tag.MtNotRead), 1, 2));
    }

    // The answer: Message List (0x01) = u32 count, then u32 index + u8 tag: index 0 MT not read, index 3 MT read.
    [Fact]
    public void Wms_list_messages_answer()
    {
        var list = WmsMessages.ReadList(Frame("01 2400 80 05 01 02 0200 3100 1800 02 0400 0000 0000 01 0E00 02000000 00000000 01 03000000 00", QmiMessageKind.Response));
        Assert.Equal([new WmsMessages.Listed(0, WmsMessages.Tag.MtNotRead), new WmsMessages.Listed(3, WmsMessages.Tag.MtRead)], list);
        // A count larger than the TLV holds is malformed, not a reason to allocate.
        Assert.Null(WmsMessages.ReadList(Frame("01 1B00 80 05 01 02 0200 3100 0F00 02 0400 0000 0000 01 0500 FFFFFF7F 00", QmiMessageKind.Response)));
    }

    // Raw Read: Message Memory Storage ID (0x01: storage, u32 index), mode (0x10).
    [Fact]
    public void Wms_raw_read()
    {
        Assert.Equal(Hex("01 1800 00 05 01 00 0300 2200 0C00 01 0500 01 07000000 10 0100 01"), Encode(WmsMessages.RawRead(WmsMessages.Storage.Nv, 7), 1, 3));
        // The answer: Raw Message Data (0x01) = tag (MT not read), format 6 (GSM/WCDMA point-to-point), u16 length, the
        // PDU with its SMSC field (MM's "InternetSMS" DELIVER).
        var raw = WmsMessages.ReadRaw(Frame("01 4100 80 05 01 02 0300 2200 3500 02 0400 0000 0000 01 2B00 01 06 2700 " + MmInternetSms, QmiMessageKind.Response));
        Assert.NotNull(raw);
        Assert.Equal((WmsMessages.Tag.MtNotRead, WmsMessages.Format.GsmWcdmaPointToPoint), (raw!.Tag, raw.Format));
        var pdu = Assert.IsType<SmsDeliver>(SmsPduReader.Read(raw.Data));
        Assert.Equal(("+79037011111", "InternetSMS", "тест"), (pdu.Smsc, pdu.Sender, pdu.UserData.Text));
        // The data length running past the TLV: nothing.
        Assert.Null(WmsMessages.ReadRaw(Frame("01 1A00 80 05 01 02 0300 2200 0E00 02 0400 0000 0000 01 0400 01 06 2700", QmiMessageKind.Response)));
    }

    // Modify Tag: (storage, u32 index, tag) in 0x01, mode in 0x10. Delete: storage 0x01, u32 index 0x10, mode 0x12.
    [Fact]
    public void Wms_modify_tag_and_delete()
    {
        Assert.Equal(Hex("01 1900 00 05 01 00 0400 2300 0D00 01 0600 00 03000000 00 10 0100 01"),
            Encode(WmsMessages.ModifyTag(WmsMessages.Storage.Uim, 3, WmsMessages.Tag.MtRead), 1, 4));
        Assert.Equal(Hex("01 1B00 00 05 01 00 0500 2400 0F00 01 0100 01 10 0400 02000000 12 0100 01"), Encode(WmsMessages.Delete(WmsMessages.Storage.Nv, 2), 1, 5));
    }

    // Raw Send: Raw Message Data (0x01) = format 6, u16 length, the SMS-SUBMIT with its SMSC field ("00": the
    // stored SMSC), as ModemManager (mm-sms-qmi.c) and uqmi send it; here dreamfabric's example.
    [Fact]
    public void Wms_raw_send()
    {
        var pdu = Assert.Single(SmsSubmitWriter.Encode("+46708251358", "hellohello", relativeValidity: 0xAA));
        Assert.Equal(DreamfabricSubmit, pdu.Hex);
        Assert.Equal(Hex("01 2A00 00 05 01 00 0600 2000 1E00 01 1B00 06 1800 " + DreamfabricSubmit), Encode(WmsMessages.RawSend(Hex(pdu.Hex)), 1, 6));
        // Success: Message ID (0x01) = the TP-MR.
        Assert.Equal((ushort)0x2A, WmsMessages.ReadMessageId(Frame("01 1800 80 05 01 02 0600 2000 0C00 02 0400 0000 0000 01 0200 2A00", QmiMessageKind.Response)));
    }

    // A refused send: result WmsCauseCode (54), GSM WCDMA Cause Info (0x12: u16 RP cause 42 congestion, u8 TP cause
    // 0), failure type (0x13) temporary.
    [Fact]
    public void Wms_raw_send_failure()
    {
        var r = Frame("01 1D00 80 05 01 02 0600 2000 1100 02 0400 0100 3600 12 0300 2A00 00 13 0100 00", QmiMessageKind.Response);
        Assert.Equal(QmiError.WmsCauseCode, r.Result());
        var f = WmsMessages.ReadSendFailure(r);
        Assert.Equal(new WmsMessages.SendFailure(42, 0, false), f);
        Assert.Equal("RP cause 42 (congestion), temporary", WmsCauses.Describe(f!));
    }

    // Routes: Route List (0x01: u16 count; type, class, storage, action) and Transfer Status Report (0x10).
    [Fact]
    public void Wms_routes()
    {
        WmsMessages.Route[] routes =
        [
            new(WmsMessages.PointToPoint, 0, WmsMessages.Storage.Nv, WmsMessages.ReceiptAction.StoreAndNotify),
            new(WmsMessages.PointToPoint, 1, WmsMessages.Storage.Nv, WmsMessages.ReceiptAction.StoreAndNotify),
        ];
        Assert.Equal(Hex("01 0C00 00 05 01 00 0800 3300 0000"), Encode(WmsMessages.GetRoutes(), 1, 8));
        Assert.Equal(Hex("01 1D00 00 05 01 00 0700 3200 1100 01 0A00 0200 00 00 01 01 00 01 01 01 10 0100 01"), Encode(WmsMessages.SetRoutes(routes, true), 1, 7));
        var read = WmsMessages.ReadRoutes(Frame("01 2400 80 05 01 02 0800 3300 1800 02 0400 0000 0000 01 0A00 0200 00 00 01 01 00 01 01 01 10 0100 01", QmiMessageKind.Response));
        Assert.Equal(routes, read!.List);
        Assert.True(read.TransferStatusReports);
    }

    // Event Report indication, stored: MT Message (0x10: storage NV, u32 index 5), Message Mode (0x12).
    [Fact]
    public void Wms_event_report_stored()
    {
        var e = WmsMessages.ReadEventReport(Frame("01 1800 80 05 01 04 0000 0100 0C00 10 0500 01 05000000 12 0100 01", QmiMessageKind.Indication));
        Assert.Equal(new WmsMessages.StoredArrival(WmsMessages.Storage.Nv, 5), e!.Stored);
        Assert.Null(e.Routed);
        Assert.Equal((byte)1, e.Mode);
    }

    // Event Report indication, transfer route: 0x11 = ack indicator 0 (send an ack), u32 transaction id, format 6,
    // u16 length, the bare TPDU (MM's status report without its SMSC field).
    [Fact]
    public void Wms_event_report_transfer_route_status_report()
    {
        const string tpdu = "065A098136397339F7219011700463802190117004638030";
        var e = WmsMessages.ReadEventReport(Frame("01 2F00 80 05 01 04 0000 0100 2300 11 2000 00 2A000000 06 1800 " + tpdu, QmiMessageKind.Indication));
        Assert.Null(e!.Stored);
        Assert.Equal((true, 42u, WmsMessages.Format.GsmWcdmaPointToPoint), (e.Routed!.AckRequired, e.Routed.TransactionId, e.Routed.Format));
        var report = Assert.IsType<SmsStatusReport>(SmsPduReader.Read(e.Routed.Tpdu, withSmsc: false));
        Assert.Equal((0x5A, "639337937", 0x30), (report.Reference, report.Recipient, report.Status));
        // The ack: Information (0x01) = u32 transaction id, protocol WCDMA (1), success.
        Assert.Equal(Hex("01 1500 00 05 01 00 0900 3700 0900 01 0600 2A000000 01 01"), Encode(WmsMessages.SendAck(42, true), 1, 9));
    }

    // Get Store Max Size (Gobi: storage 0x01, mode 0x10; answer max 0x01, free 0x10) and Get SMSC Address (Gobi:
    // 0x01 = three characters of type, u8 length, digits).
    [Fact]
    public void Wms_store_size_and_smsc()
    {
        Assert.Equal(Hex("01 1400 00 05 01 00 0A00 3600 0800 01 0100 00 10 0100 01"), Encode(WmsMessages.GetStoreMaxSize(WmsMessages.Storage.Uim), 1, 10));
        Assert.Equal(new WmsMessages.StoreSize(30, 29),
            WmsMessages.ReadStoreSize(Frame("01 2100 80 05 01 02 0A00 3600 1500 02 0400 0000 0000 01 0400 1E000000 10 0400 1D000000", QmiMessageKind.Response)));
        Assert.Equal(Hex("01 0C00 00 05 01 00 0B00 3400 0000"), Encode(WmsMessages.GetSmscAddress(), 1, 11));
        Assert.Equal(new WmsMessages.Smsc("145", "+491710760000"),
            WmsMessages.ReadSmsc(Frame("01 2700 80 05 01 02 0B00 3400 1B00 02 0400 0000 0000 01 1100 313435 0D 2B343931373130373630303030", QmiMessageKind.Response)));
    }

    // VOICE Indication Register: USSD Notification Events (0x16) = 1.
    [Fact]
    public void Voice_indication_register() =>
        Assert.Equal(Hex("01 1000 00 09 02 00 0100 0300 0400 16 0100 01"), Encode(VoiceMessages.RegisterUssdIndications(), 2, 1));

    // Originate USSD: USS Data (0x01) = DCS ASCII (1), u8 length, "*100#"; UCS-2 (3) big-endian for other text.
    [Fact]
    public void Voice_originate_and_answer_ussd()
    {
        Assert.Equal(Hex("01 1600 00 09 02 00 0200 3A00 0A00 01 0700 01 05 2A31303023"), Encode(VoiceMessages.OriginateUssd("*100#"), 2, 2));
        Assert.Equal(Hex("01 1500 00 09 02 00 0300 3B00 0900 01 0600 03 04 042F0434"),
            Encode(VoiceMessages.AnswerUssd("Яд"), 2, 3));
        Assert.Equal(Hex("01 1200 00 09 02 00 0400 3B00 0600 01 0300 01 01 31"), Encode(VoiceMessages.AnswerUssd("1"), 2, 4));
        Assert.Equal(Hex("01 0C00 00 09 02 00 0500 3C00 0000"), Encode(VoiceMessages.CancelUssd(), 2, 5));
    }

    // Originate USSD's answer: USS Data (0x12: DCS, u8 length, text), or USS Data UTF16 (0x16: u8 count of LE
    // units), which wins when both are there (as ModemManager reads it).
    [Fact]
    public void Voice_originate_answer()
    {
        var ascii = VoiceMessages.ReadOriginate(Frame("01 1D00 80 09 02 02 0200 3A00 1100 02 0400 0000 0000 12 0700 01 05 4F4B203132", QmiMessageKind.Response));
        Assert.Equal(new VoiceMessages.OriginateAnswer("OK 12", null), ascii);
        var utf16 = VoiceMessages.ReadOriginate(Frame("01 2200 80 09 02 02 0200 3A00 1600 02 0400 0000 0000 12 0400 01 02 4F4B 16 0500 02 2F04 3404", QmiMessageKind.Response));
        Assert.Equal("Яд", utf16.Text);
        // A refusal carries the call end reason (0x10).
        var refused = Frame("01 1800 80 09 02 02 0200 3A00 0C00 02 0400 0100 0E00 10 0200 0100", QmiMessageKind.Response);
        Assert.Equal((QmiError.CallFailed, (ushort)1), (refused.Result(), VoiceMessages.ReadOriginate(refused).FailureCause));
    }

    // USSD indication: User Action (0x01, 2 = required) and USS Data (0x10); Release USSD has no TLVs.
    [Fact]
    public void Voice_ussd_indication()
    {
        var text = Convert.ToHexString(Encoding.ASCII.GetBytes("1 Data 0 Exit"));
        var ind = VoiceMessages.ReadUssdIndication(Frame($"01 2200 80 09 02 04 0000 3E00 1600 01 0100 02 10 0F00 01 0D {text}", QmiMessageKind.Indication));
        Assert.Equal(new VoiceMessages.UssdIndication(VoiceMessages.UserAction.Required, "1 Data 0 Exit"), ind);
        Assert.Null(VoiceMessages.ReadUssdIndication(Frame("01 0C00 80 09 02 04 0000 3D00 0000", QmiMessageKind.Indication)));
    }
}
