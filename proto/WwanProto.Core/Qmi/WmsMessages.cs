namespace WwanProto.Core.Qmi;

/// <summary>
/// WMS (service 5): stored messages, sending, new-message indications. TLV ids and enums from libqmi's
/// data/qmi-service-wms.json and qmi-enums-wms.h; Get SMSC Address and Get Store Max Size from the Gobi API's
/// structures (GobiConnectionMgmtAPIStructs.h), which libqmi does not define. GSM/WCDMA raw data is a PDU as AT's
/// PDU mode has it, SMSC field first (ModemManager's mm-sms-qmi.c sends its submit PDU from offset 0, uqmi's
/// send and read do the same); only a transfer-route MT message is the bare TPDU (ModemManager parses those with
/// its transfer_route flag, without an SMSC field). Readers answer null for anything malformed.
/// </summary>
public static class WmsMessages
{
    /// <summary>QmiWmsStorageType.</summary>
    public enum Storage : byte { Uim = 0x00, Nv = 0x01, None = 0xFF }

    /// <summary>QmiWmsMessageTagType.</summary>
    public enum Tag : byte { MtRead = 0x00, MtNotRead = 0x01, MoSent = 0x02, MoNotSent = 0x03 }

    /// <summary>QmiWmsMessageFormat.</summary>
    public enum Format : byte { Cdma = 0x00, GsmWcdmaPointToPoint = 0x06, GsmWcdmaBroadcast = 0x07, Mwi = 0x08 }

    /// <summary>QmiWmsReceiptAction.</summary>
    public enum ReceiptAction : byte { Discard = 0x00, StoreAndNotify = 0x01, TransferOnly = 0x02, TransferAndAck = 0x03, Unknown = 0xFF }

    /// <summary>QmiWmsMessageMode GSM/WCDMA (CDMA is 0: not used here).</summary>
    public const byte ModeGsmWcdma = 0x01;

    /// <summary>QmiWmsMessageProtocol WCDMA, for Send Ack.</summary>
    public const byte ProtocolWcdma = 0x01;

    /// <summary>QmiWmsMessageType point-to-point, the only one.</summary>
    public const byte PointToPoint = 0x00;

    public sealed record Listed(uint Index, Tag Tag);
    public sealed record RawMessage(Tag Tag, Format Format, byte[] Data);
    public sealed record Route(byte MessageType, byte MessageClass, Storage Storage, ReceiptAction Action);
    public sealed record Routes(IReadOnlyList<Route> List, bool TransferStatusReports);
    /// <summary>Event Report TLV 0x10: a new message stored at (storage, index).</summary>
    public sealed record StoredArrival(Storage Storage, uint Index);
    /// <summary>Event Report TLV 0x11: a message handed over instead of stored (the TPDU, no SMSC field).</summary>
    public sealed record RoutedArrival(bool AckRequired, uint TransactionId, Format Format, byte[] Tpdu);
    public sealed record EventReport(StoredArrival? Stored, RoutedArrival? Routed, byte? Mode);
    /// <summary>Raw Send's failure details (WmsCauseCode): RP cause (TS 24.011 §8.2.5.4), TP cause (TS 23.040 §9.2.3.22), failure type.</summary>
    public sealed record SendFailure(ushort? RpCause, byte? TpCause, bool? Permanent);
    public sealed record StoreSize(uint Max, uint? Free);
    public sealed record Smsc(string Type, string Address);

    /// <summary>New MT Message Indicator (TLV 0x10): Event Report indications for every new message.</summary>
    public static QmiRequest SetEventReport(bool report) =>
        new(QmiMessages.WmsSetEventReport, new QmiTlvWriter().U8(0x10, report ? (byte)1 : (byte)0).ToArray());

    /// <summary>Storage (0x01), optionally only one tag (0x11), GSM/WCDMA mode (0x12).</summary>
    public static QmiRequest ListMessages(Storage storage, Tag? tag = null)
    {
        var w = new QmiTlvWriter().U8(0x01, (byte)storage);
        if (tag is { } t) w.U8(0x11, (byte)t);
        return new QmiRequest(QmiMessages.WmsListMessages, w.U8(0x12, ModeGsmWcdma).ToArray());
    }

    /// <summary>Message Memory Storage ID (0x01: storage, u32 index), mode (0x10).</summary>
    public static QmiRequest RawRead(Storage storage, uint index) =>
        new(QmiMessages.WmsRawRead, new QmiTlvWriter().Begin(0x01).FieldU8((byte)storage).FieldU32(index).End().U8(0x10, ModeGsmWcdma).ToArray());

    /// <summary>Message Tag (0x01: storage, u32 index, tag), mode (0x10).</summary>
    public static QmiRequest ModifyTag(Storage storage, uint index, Tag tag) =>
        new(QmiMessages.WmsModifyTag, new QmiTlvWriter().Begin(0x01).FieldU8((byte)storage).FieldU32(index).FieldU8((byte)tag).End().U8(0x10, ModeGsmWcdma).ToArray());

    /// <summary>Memory Storage (0x01), Memory Index (0x10), mode (0x12): one message.</summary>
    public static QmiRequest Delete(Storage storage, uint index) =>
        new(QmiMessages.WmsDelete, new QmiTlvWriter().U8(0x01, (byte)storage).U32(0x10, index).U8(0x12, ModeGsmWcdma).ToArray());

    /// <summary>Raw Message Data (0x01: format GSM/WCDMA point-to-point, u16-prefixed PDU with its SMSC field).</summary>
    public static QmiRequest RawSend(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length > ushort.MaxValue) throw new ArgumentException("PDU too long", nameof(pdu));
        return new(QmiMessages.WmsRawSend, new QmiTlvWriter().Begin(0x01).FieldU8((byte)Format.GsmWcdmaPointToPoint)
            .FieldU16((ushort)pdu.Length).FieldBytes(pdu).End().ToArray());
    }

    public static QmiRequest GetRoutes() => new(QmiMessages.WmsGetRoutes);

    /// <summary>Route List (0x01: u16 count, then type, class, storage, action), Transfer Status Report (0x10 = 1: to the client).</summary>
    public static QmiRequest SetRoutes(IReadOnlyList<Route> routes, bool transferStatusReports)
    {
        var w = new QmiTlvWriter().Begin(0x01).FieldU16((ushort)routes.Count);
        foreach (var r in routes) w.FieldU8(r.MessageType).FieldU8(r.MessageClass).FieldU8((byte)r.Storage).FieldU8((byte)r.Action);
        w.End();
        if (transferStatusReports) w.U8(0x10, 0x01);
        return new QmiRequest(QmiMessages.WmsSetRoutes, w.ToArray());
    }

    public static QmiRequest GetSmscAddress() => new(QmiMessages.WmsGetSmscAddress);

    /// <summary>Storage (0x01), mode (0x10).</summary>
    public static QmiRequest GetStoreMaxSize(Storage storage) =>
        new(QmiMessages.WmsGetStoreMaxSize, new QmiTlvWriter().U8(0x01, (byte)storage).U8(0x10, ModeGsmWcdma).ToArray());

    /// <summary>Information (0x01: u32 transaction id, protocol WCDMA, success).</summary>
    public static QmiRequest SendAck(uint transactionId, bool success) =>
        new(QmiMessages.WmsSendAck, new QmiTlvWriter().Begin(0x01).FieldU32(transactionId).FieldU8(ProtocolWcdma).FieldU8(success ? (byte)1 : (byte)0).End().ToArray());

    /// <summary>Message List (0x01): u32 count, then (u32 index, u8 tag) each.</summary>
    public static IReadOnlyList<Listed>? ReadList(QmiTlvReader r)
    {
        if (r.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var count = f.U32() ?? 0;
        // Five octets an element: a count the TLV cannot hold is malformed, not a reason to allocate.
        if (count > (uint)(v.Length / 5)) return null;
        var list = new List<Listed>((int)count);
        for (var i = 0; i < count; i++)
        {
            var index = f.U32();
            var tag = f.U8();
            if (!f.Ok) return null;
            list.Add(new Listed(index!.Value, (Tag)tag!.Value));
        }
        return list;
    }

    /// <summary>Raw Message Data (0x01): tag, format, u16-prefixed data.</summary>
    public static RawMessage? ReadRaw(QmiTlvReader r)
    {
        if (r.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var tag = f.U8();
        var format = f.U8();
        var data = f.U16() is { } n ? f.Bytes(n) : null;
        return f.Ok && data is not null ? new RawMessage((Tag)tag!.Value, (Format)format!.Value, data) : null;
    }

    public static Routes? ReadRoutes(QmiTlvReader r)
    {
        if (r.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var count = f.U16() ?? 0;
        var list = new List<Route>();
        for (var i = 0; i < count && f.Ok; i++)
        {
            var type = f.U8();
            var cls = f.U8();
            var storage = f.U8();
            var action = f.U8();
            if (f.Ok) list.Add(new Route(type!.Value, cls!.Value, (Storage)storage!.Value, (ReceiptAction)action!.Value));
        }
        return f.Ok ? new Routes(list, r.U8(0x10) == 1) : null;
    }

    /// <summary>The Event Report indication; null when it carries neither a stored nor a routed message.</summary>
    public static EventReport? ReadEventReport(QmiTlvReader r)
    {
        StoredArrival? stored = null;
        RoutedArrival? routed = null;
        if (r.Get(0x10) is { } s)
        {
            var f = new QmiFieldReader(s.Span);
            var storage = f.U8();
            var index = f.U32();
            if (f.Ok) stored = new StoredArrival((Storage)storage!.Value, index!.Value);
        }
        if (r.Get(0x11) is { } t)
        {
            var f = new QmiFieldReader(t.Span);
            var ack = f.U8();
            var txn = f.U32();
            var format = f.U8();
            var data = f.U16() is { } n ? f.Bytes(n) : null;
            // QmiWmsAckIndicator: 0 = the client must send an ack, 1 = do not.
            if (f.Ok && data is not null) routed = new RoutedArrival(ack == 0, txn!.Value, (Format)format!.Value, data);
        }
        return stored is null && routed is null ? null : new EventReport(stored, routed, r.U8(0x12));
    }

    /// <summary>Raw Send's Message ID (0x01): the TP-MR the modem used.</summary>
    public static ushort? ReadMessageId(QmiTlvReader r) => r.U16(0x01);

    /// <summary>GSM WCDMA Cause Info (0x12: u16 RP cause, u8 TP cause) and Message Delivery Failure Type (0x13).</summary>
    public static SendFailure? ReadSendFailure(QmiTlvReader r)
    {
        ushort? rp = null;
        byte? tp = null;
        if (r.Get(0x12) is { } c)
        {
            var f = new QmiFieldReader(c.Span);
            var a = f.U16();
            var b = f.U8();
            if (f.Ok) { rp = a; tp = b; }
        }
        bool? permanent = r.U8(0x13) is { } type ? type == 1 : null;
        return rp is null && permanent is null ? null : new SendFailure(rp, tp, permanent);
    }

    /// <summary>Get Store Max Size: Max Size (0x01, u32 messages) and Free Slots (0x10, u32).</summary>
    public static StoreSize? ReadStoreSize(QmiTlvReader r) => r.U32(0x01) is { } max ? new StoreSize(max, r.U32(0x10)) : null;

    /// <summary>Get SMSC Address (0x01): three characters of address type ("145"), u8-prefixed digits.</summary>
    public static Smsc? ReadSmsc(QmiTlvReader r)
    {
        if (r.Get(0x01) is not { } v) return null;
        var f = new QmiFieldReader(v.Span);
        var type = f.Bytes(3);
        var address = f.String8();
        return f.Ok && type is not null && address is not null ? new Smsc(QmiTlvReader.Text(type), address) : null;
    }
}
