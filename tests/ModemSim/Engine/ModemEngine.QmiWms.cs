using WwanProto.Core.Qmi;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;
using WwanProto.ModemSim.Sms;

namespace WwanProto.ModemSim.Engine;

/// <summary>
/// QMI WMS over the same SIM (UIM) and modem (NV) memories and network as the AT side (<see cref="SmsNetwork"/>),
/// as a Qualcomm modem keeps them: raw data is the PDU with its SMSC field (transfer-route messages the bare TPDU),
/// Raw Read leaves the tag alone, routes decide whether new messages are stored (into which memory) or handed to
/// the client, Event Report indications go to every client that turned them on. Send failures answer WmsCauseCode
/// with the RP/TP cause the network gave (a +CMS code below 128 is an RP cause, 128–255 a TP cause, TS 27.005 §3.2.5).
/// </summary>
internal sealed partial class ModemEngine
{
    private readonly HashSet<byte> _wmsReportClients = [];
    private readonly List<uint> _wmsAcked = [];
    private uint _wmsTransaction;
    private readonly List<WmsMessages.Route> _wmsRoutes =
    [
        .. Enumerable.Range(0, 4).Select(c => new WmsMessages.Route(WmsMessages.PointToPoint, (byte)c, WmsMessages.Storage.Uim, WmsMessages.ReceiptAction.StoreAndNotify)),
    ];

    /// <summary>Transaction ids of transfer-route messages the host acknowledged with Send Ack.</summary>
    public IReadOnlyList<uint> WmsAcked { get { lock (_gate) return [.. _wmsAcked]; } }

    private static WmsMessages.Storage WmsStorage(string name) => name == Core.Sms.SmsStorage.Modem ? WmsMessages.Storage.Nv : WmsMessages.Storage.Uim;
    private static string? StorageName(byte storage) => storage switch { 0 => Core.Sms.SmsStorage.Sim, 1 => Core.Sms.SmsStorage.Modem, _ => null };

    /// <summary>+CMGL stat ↔ WMS tag: 0 unread ↔ MT not read, 1 read ↔ MT read, 2 unsent ↔ MO not sent, 3 sent ↔ MO sent.</summary>
    private static WmsMessages.Tag TagOf(int stat) => stat switch { 0 => WmsMessages.Tag.MtNotRead, 1 => WmsMessages.Tag.MtRead, 2 => WmsMessages.Tag.MoNotSent, _ => WmsMessages.Tag.MoSent };
    private static int StatOf(WmsMessages.Tag tag) => tag switch { WmsMessages.Tag.MtNotRead => 0, WmsMessages.Tag.MtRead => 1, WmsMessages.Tag.MoNotSent => 2, _ => 3 };

    /// <summary>Wires the network's arrivals to WMS (called when the SMS network is made).</summary>
    private void WireWms(SmsNetwork sms)
    {
        sms.Stored = (storage, index) => WmsTell(new QmiTlvWriter().Begin(0x10).FieldU8((byte)WmsStorage(storage)).FieldU32((uint)index).End());
        sms.Routed = pdu =>
        {
            var bytes = Convert.FromHexString(pdu);
            var tpdu = bytes.AsSpan(1 + bytes[0]);
            WmsTell(new QmiTlvWriter().Begin(0x11).FieldU8(0x00).FieldU32(++_wmsTransaction).FieldU8((byte)WmsMessages.Format.GsmWcdmaPointToPoint)
                .FieldU16((ushort)tpdu.Length).FieldBytes(tpdu).End());
        };
    }

    /// <summary>An Event Report indication (with message mode GSM/WCDMA) to every client that asked for them.</summary>
    private void WmsTell(QmiTlvWriter tlvs)
    {
        var body = tlvs.U8(0x12, WmsMessages.ModeGsmWcdma).ToArray();
        foreach (var port in _ports.Where(p => p.Role == PortRole.Qmi))
            foreach (var cid in _wmsReportClients)
                QmiIndication(port, new QmiMessage(QmiService.Wms, cid, QmiMessageKind.Indication, 0, QmiMessages.WmsSetEventReport.Id, body).Encode());
    }

    private byte[] Wms(QmiMessage m, QmiTlvReader r)
    {
        var sms = Sms;
        switch (m.MessageId)
        {
            case 0x0001: // Set Event Report
                if (r.U8(0x10) is { } on)
                {
                    if (on != 0) _wmsReportClients.Add(m.ClientId);
                    else _wmsReportClients.Remove(m.ClientId);
                }
                return Answer(m, QmiError.None);
            case 0x0033: // Get Routes
            {
                var w = new QmiTlvWriter().Begin(0x01).FieldU16((ushort)_wmsRoutes.Count);
                foreach (var route in _wmsRoutes) w.FieldU8(route.MessageType).FieldU8(route.MessageClass).FieldU8((byte)route.Storage).FieldU8((byte)route.Action);
                return Answer(m, QmiError.None, w.End().U8(0x10, sms.RouteReports ? (byte)1 : (byte)0));
            }
            case 0x0032: // Set Routes
            {
                if (WmsMessages.ReadRoutes(r) is not { } routes) return Answer(m, QmiError.MissingArgument);
                foreach (var route in routes.List)
                {
                    if (route.MessageClass > 3 || route.Action is not (WmsMessages.ReceiptAction.Discard or WmsMessages.ReceiptAction.StoreAndNotify or WmsMessages.ReceiptAction.TransferOnly or WmsMessages.ReceiptAction.TransferAndAck)
                        || route.Action == WmsMessages.ReceiptAction.StoreAndNotify && route.Storage is not (WmsMessages.Storage.Uim or WmsMessages.Storage.Nv))
                        return Answer(m, QmiError.InvalidArgument);
                    _wmsRoutes.RemoveAll(x => x.MessageClass == route.MessageClass);
                    _wmsRoutes.Add(route);
                }
                _wmsRoutes.Sort((a, b) => a.MessageClass.CompareTo(b.MessageClass));
                // Class 1 (ME-specific) is where an ordinary text goes.
                var normal = _wmsRoutes.First(x => x.MessageClass == 1);
                sms.RouteMt = normal.Action is WmsMessages.ReceiptAction.TransferOnly or WmsMessages.ReceiptAction.TransferAndAck;
                if (normal.Action == WmsMessages.ReceiptAction.StoreAndNotify) sms.Mem3 = StorageName((byte)normal.Storage)!;
                sms.RouteReports = routes.TransferStatusReports;
                return Answer(m, QmiError.None);
            }
            case 0x0034: // Get SMSC Address
            {
                if (NeedSmsSim() is not null) return Answer(m, QmiError.DeviceNotReady);
                var smsc = sms.StoredSmsc ?? "";
                return Answer(m, QmiError.None, new QmiTlvWriter().Begin(0x01).FieldBytes("145"u8).FieldString8(smsc).End());
            }
            case 0x0037: // Send Ack
            {
                if (r.Get(0x01) is not { Length: >= 6 } v) return Answer(m, QmiError.MissingArgument);
                _wmsAcked.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(v.Span));
                return Answer(m, QmiError.None);
            }
            case 0x0020: // Raw Send
                return WmsRawSend(m, r, sms);
        }

        // Everything below works on a memory: the SIM must be ready, as for +CPMS.
        if (NeedSmsSim() is not null) return Answer(m, QmiError.DeviceNotReady);
        switch (m.MessageId)
        {
            case 0x0031: // List Messages
            {
                if (r.U8(0x01) is not { } s || StorageName(s) is not { } name) return Answer(m, r.Has(0x01) ? QmiError.InvalidArgument : QmiError.MissingArgument);
                var tag = r.U8(0x11);
                var list = r.U8(0x12) is 0 ? [] : sms.Store(name).All.Where(x => tag is null || TagOf(x.Stat) == (WmsMessages.Tag)tag).ToList();
                var w = new QmiTlvWriter().Begin(0x01).FieldU32((uint)list.Count);
                foreach (var x in list) w.FieldU32((uint)x.Index).FieldU8((byte)TagOf(x.Stat));
                return Answer(m, QmiError.None, w.End());
            }
            case 0x0036: // Get Store Max Size
            {
                if (r.U8(0x01) is not { } s || StorageName(s) is not { } name) return Answer(m, QmiError.MissingArgument);
                var store = sms.Store(name);
                return Answer(m, QmiError.None, new QmiTlvWriter().U32(0x01, (uint)store.Capacity).U32(0x10, (uint)Math.Max(0, store.Capacity - store.Used)));
            }
            case 0x0022 or 0x0023: // Raw Read, Modify Tag
            {
                if (r.Get(0x01) is not { } v) return Answer(m, QmiError.MissingArgument);
                var f = new QmiFieldReader(v.Span);
                var s = f.U8();
                var index = f.U32();
                var tag = m.MessageId == 0x0023 ? f.U8() : 0;
                if (!f.Ok || StorageName(s!.Value) is not { } name) return Answer(m, QmiError.MalformedMessage);
                var store = sms.Store(name);
                if (index >= (uint)store.Capacity) return Answer(m, QmiError.InvalidIndex);
                if (store.Get((int)index!.Value) is not { } found) return Answer(m, QmiError.NoEntry);
                if (m.MessageId == 0x0023)
                {
                    if (tag > 3) return Answer(m, QmiError.InvalidArgument);
                    store.SetStat(found.Index, StatOf((WmsMessages.Tag)tag!.Value));
                    return Answer(m, QmiError.None);
                }
                var pdu = Convert.FromHexString(found.Pdu);
                return Answer(m, QmiError.None, new QmiTlvWriter().Begin(0x01).FieldU8((byte)TagOf(found.Stat)).FieldU8((byte)WmsMessages.Format.GsmWcdmaPointToPoint)
                    .FieldU16((ushort)pdu.Length).FieldBytes(pdu).End());
            }
            case 0x0024: // Delete: one index, every message with a tag, or the whole memory
            {
                if (r.U8(0x01) is not { } s || StorageName(s) is not { } name) return Answer(m, QmiError.MissingArgument);
                var store = sms.Store(name);
                if (r.U32(0x10) is { } index) return Answer(m, store.Remove((int)Math.Min(index, int.MaxValue)) ? QmiError.None : QmiError.NoEntry);
                foreach (var x in store.All.Where(x => r.U8(0x11) is not { } tag || TagOf(x.Stat) == (WmsMessages.Tag)tag).ToList()) store.Remove(x.Index);
                return Answer(m, QmiError.None);
            }
            default:
                return Answer(m, QmiError.InvalidQmiCommand);
        }
    }

    /// <summary>Raw Send: checked as the firmware does, handed to the network, answered with the TP-MR as Message ID.</summary>
    private byte[] WmsRawSend(QmiMessage m, QmiTlvReader r, SmsNetwork sms)
    {
        if (r.Get(0x01) is not { } v) return Answer(m, QmiError.MissingArgument);
        var f = new QmiFieldReader(v.Span);
        var format = f.U8();
        var data = f.U16() is { } n ? f.Bytes(n) : null;
        if (!f.Ok || data is null || data.Length == 0) return Answer(m, QmiError.MalformedMessage);
        if (format != (byte)WmsMessages.Format.GsmWcdmaPointToPoint) return Answer(m, QmiError.InvalidArgument);
        if (NeedSmsSim() is not null) return Answer(m, QmiError.DeviceNotReady);
        if (Core.Sms.SmsPduReader.Read(data) is not Core.Sms.SmsSubmit submit) return Answer(m, QmiError.WmsEncoding);
        if (data[0] == 0 && sms.StoredSmsc is null) return Answer(m, QmiError.WmsSmscAddress);
        if (_stat is not (1 or 5)) return Answer(m, QmiError.NetworkNotReady);
        if (sms.SendFailure is { } failure)
        {
            // The network's refusal: an RP-ERROR cause (< 128) or a TP-FCS (128–255) in GSM WCDMA Cause Info, its type.
            var cause = new QmiTlvWriter().Begin(0x12).FieldU16((ushort)(failure < 128 ? failure : 0)).FieldU8((byte)(failure is >= 128 and <= 255 ? failure : 0)).End()
                .U8(0x13, failure is 41 or 42 or 47 ? (byte)0 : (byte)1);
            return failure <= 255 ? Answer(m, QmiError.WmsCauseCode, cause) : Answer(m, QmiError.WmsMessageNotSent);
        }
        sms.RecordSent(Convert.ToHexString(data));
        var mr = ++_messageReference & 0xFF;
        if (submit.StatusReportRequest) Schedule(TimeSpan.FromMilliseconds(100), () => sms.Report(mr, submit.Recipient));
        return Answer(m, QmiError.None, new QmiTlvWriter().U16(0x01, (ushort)mr));
    }

    /// <summary>Power cycle: indication registrations are gone with the clients; routes are kept (they live in NV).</summary>
    private void WmsPowerDown() => _wmsReportClients.Clear();
}
