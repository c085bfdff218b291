using WwanProto.Core.Qmi;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.State;

namespace WwanProto.ModemSim.Engine;

/// <summary>
/// The QMI side of a qmi_wwan modem (E392): QMUX on the cdc-wdm port, sharing SIM, registration and the data call
/// with the AT ports. Client ids survive the host closing the node (the kernel does not release them), as on the
/// real device; only CTL Sync, Release CID or a power cycle frees them. Message ids and TLVs as in libqmi's
/// data/qmi-service-*.json; the encoding is the product's codec, whose bytes the vector tests pin down.
/// </summary>
internal sealed partial class ModemEngine
{
    private readonly Dictionary<SimPort, QmuxFramer> _qmiFramers = [];
    private readonly HashSet<(QmiService Service, byte Cid)> _qmiClients = [];
    private readonly Dictionary<QmiService, byte> _qmiLastCid = [];
    private readonly HashSet<byte> _nasIndicationClients = [];
    private readonly List<string> _qmiLog = [];
    private volatile bool _qmiMuted;

    /// <summary>The data call as QMI knows it: the port and WDS client that started it, and its packet data handle.</summary>
    private (SimPort Port, byte Cid)? _qmiOwner;
    private uint _qmiHandle;
    /// <summary>The handle of a call left up by an earlier host run (<see cref="SimOptions.StaleSession"/>): nobody here knows it.</summary>
    private const uint StaleQmiHandle = 0x0BADCAFE;
    private uint _qmiHandleCounter;
    /// <summary>A Start Network waiting for the call to come up or fail (the answer comes then, as on the device).</summary>
    private (SimPort Port, QmiMessage Request)? _qmiPendingStart;
    private WdaMessages.LinkLayer _qmiLinkLayer = WdaMessages.LinkLayer.Ethernet;

    /// <summary>Every QMI request received, as "WDS Start Network (cid 2)" (no TLV values: they may hold a PIN).</summary>
    public IReadOnlyList<string> QmiLog { get { lock (_qmiLog) return [.. _qmiLog]; } }

    /// <summary>A hung QMI firmware task: requests are read and dropped until the next power cycle.</summary>
    public bool QmiMuted { get => _qmiMuted; set => _qmiMuted = value; }

    /// <summary>Client ids currently allocated (service, cid).</summary>
    public IReadOnlyList<(QmiService Service, byte Cid)> QmiClients { get { lock (_gate) return [.. _qmiClients]; } }

    /// <summary>The packet data handle of the call, 0 when none is up.</summary>
    public uint QmiHandle { get { lock (_gate) return _ndis == NdisState.Connected ? _qmiHandle : 0; } }

    public WdaMessages.LinkLayer QmiLinkLayer { get { lock (_gate) return _qmiLinkLayer; } }

    public void OnQmi(SimPort port, ReadOnlySpan<byte> data)
    {
        QmuxFramer framer;
        lock (_gate)
        {
            if (!_qmiFramers.TryGetValue(port, out framer!)) _qmiFramers[port] = framer = new QmuxFramer();
            framer.Append(data);
        }
        while (true)
        {
            QmiMessage? request;
            string? dropped;
            lock (_gate) request = framer.Next(out dropped);
            if (dropped is not null) Trace($"{port.Name} qmi dropped {dropped}");
            if (request is null)
            {
                if (dropped is null) return;
                continue;
            }
            lock (_qmiLog) _qmiLog.Add($"{QmiNames.Message(request.Service, request.MessageId)} (cid {request.ClientId})");
            lock (_commandLog) _portLog.Add((port.Name, $"qmi {QmiNames.Message(request.Service, request.MessageId)}"));
            if (_qmiMuted || _options.CdcWdmSilent || request.Kind != QmiMessageKind.Request) continue;
            byte[]? answer;
            lock (_gate) answer = HandleQmi(port, request);
            if (answer is not null) QmiWrite(port, answer);
        }
    }

    /// <summary>Writes one or more frames; with the merge fault a broadcast indication rides along in the same write.</summary>
    private void QmiWrite(SimPort port, byte[] frames)
    {
        if (Faults.MergeQmi)
        {
            byte[] extra;
            lock (_gate) extra = ServingSystemIndication(0xFF);
            frames = [.. frames, .. extra];
        }
        port.WriteQmi(frames);
    }

    private void QmiIndication(SimPort port, byte[] frame)
    {
        if (_qmiMuted) return;
        // Off the lock's thread: the port write may wait for the reader.
        _ = Task.Run(() => port.WriteQmi(frame));
    }

    private static byte[] Result(QmiError error = QmiError.None)
    {
        var code = (ushort)error;
        return [0x02, 0x04, 0x00, (byte)(error == QmiError.None ? 0 : 1), 0x00, (byte)code, (byte)(code >> 8)];
    }

    private static byte[] Answer(QmiMessage request, QmiError error, QmiTlvWriter? tlvs = null)
    {
        byte[] body = tlvs is null ? Result(error) : [.. Result(error), .. tlvs.ToArray()];
        return new QmiMessage(request.Service, request.ClientId, QmiMessageKind.Response, request.TransactionId, request.MessageId, body).Encode();
    }

    private byte[]? HandleQmi(SimPort port, QmiMessage m)
    {
        if (Profile.IsStorage) return null;
        if (m.Service == QmiService.Ctl) return Ctl(m);
        if (!_qmiClients.Contains((m.Service, m.ClientId))) return Answer(m, QmiError.InvalidClientId);
        var r = new QmiTlvReader(m);
        return m.Service switch
        {
            QmiService.Dms => Dms(m, r),
            QmiService.Nas => Nas(m, r),
            QmiService.Wds => Wds(port, m, r),
            QmiService.Wda => Profile.HasWda ? Wda(m, r) : Answer(m, QmiError.InvalidQmiCommand),
            QmiService.Wms => Wms(m, r),
            QmiService.Voice => Voice(port, m, r),
            _ => Answer(m, QmiError.InvalidQmiCommand),
        };
    }

    private static readonly QmiService[] Services = [QmiService.Wds, QmiService.Dms, QmiService.Nas, QmiService.Wms, QmiService.Voice, QmiService.Uim, QmiService.Wda];

    private byte[] Ctl(QmiMessage m)
    {
        var r = new QmiTlvReader(m);
        switch (m.MessageId)
        {
            case 0x0021: // Get Version Info
            {
                var w = new QmiTlvWriter().Begin(0x01).FieldU8((byte)(Profile.HasWda ? 8 : 7));
                foreach (var (s, major, minor) in new[] { (QmiService.Ctl, 1, 4), (QmiService.Wds, 1, 10), (QmiService.Dms, 1, 7), (QmiService.Nas, 1, 8), (QmiService.Wms, 1, 2), (QmiService.Voice, 2, 1), (QmiService.Uim, 1, 2), (QmiService.Wda, 1, 1) })
                    if (s != QmiService.Wda || Profile.HasWda) w.FieldU8((byte)s).FieldU16((ushort)major).FieldU16((ushort)minor);
                return Answer(m, QmiError.None, w.End());
            }
            case 0x0022: // Allocate CID
            {
                if (r.U8(0x01) is not { } s) return Answer(m, QmiError.MissingArgument);
                var service = (QmiService)s;
                if (!Services.Contains(service)) return Answer(m, QmiError.InvalidServiceType);
                _qmiLastCid.TryGetValue(service, out var last);
                byte cid = 0;
                for (var i = 1; i <= 254; i++)
                {
                    var c = (byte)((last + i - 1) % 254 + 1);
                    if (!_qmiClients.Contains((service, c))) { cid = c; break; }
                }
                if (cid == 0) return Answer(m, QmiError.ClientIdsExhausted);
                _qmiClients.Add((service, cid));
                _qmiLastCid[service] = cid;
                return Answer(m, QmiError.None, new QmiTlvWriter().Begin(0x01).FieldU8(s).FieldU8(cid).End());
            }
            case 0x0023: // Release CID
            {
                if (r.Get(0x01) is not { Length: >= 2 } v) return Answer(m, QmiError.MissingArgument);
                var key = ((QmiService)v.Span[0], v.Span[1]);
                if (!_qmiClients.Remove(key)) return Answer(m, QmiError.InvalidClientId);
                if (key.Item1 == QmiService.Nas) _nasIndicationClients.Remove(key.Item2);
                if (key.Item1 == QmiService.Wds) _qmiWdsFamily.Remove(key.Item2);
                if (key.Item1 == QmiService.Wms) _wmsReportClients.Remove(key.Item2);
                if (key.Item1 == QmiService.Voice) _voiceUssdClients.Remove(key.Item2);
                // The call outlives its client (no autoconnect teardown on this firmware): the "PDH already exists" trap.
                return Answer(m, QmiError.None, new QmiTlvWriter().Begin(0x01).FieldU8(v.Span[0]).FieldU8(v.Span[1]).End());
            }
            case 0x0027: // Sync: every client id of every service is released
                _qmiClients.Clear();
                _nasIndicationClients.Clear();
                _qmiWdsFamily.Clear();
                WmsPowerDown();
                VoicePowerDown();
                return Answer(m, QmiError.None);
            default:
                return Answer(m, QmiError.InvalidQmiCommand);
        }
    }

    private byte[] Dms(QmiMessage m, QmiTlvReader r)
    {
        var now = DateTime.UtcNow;
        switch (m.MessageId)
        {
            case 0x0022: return Answer(m, QmiError.None, new QmiTlvWriter().String(0x01, Profile.Model));
            case 0x0023: return Answer(m, QmiError.None, new QmiTlvWriter().String(0x01, Profile.Revision));
            case 0x0025: return Answer(m, QmiError.None, new QmiTlvWriter().String(0x10, "0").String(0x11, Imei));
            case 0x003C: // UIM Get ICCID: readable with the PIN still locked
                if (Card.State == CardState.Absent || Card.IsBusy(now)) return Answer(m, QmiError.UimUninitialized);
                return Answer(m, QmiError.None, new QmiTlvWriter().String(0x01, Card.Iccid));
            case 0x0043: // UIM Get IMSI: needs the SIM unlocked
                if (Card.Blocker(now) is not null) return Answer(m, QmiError.UimUninitialized);
                return Answer(m, QmiError.None, new QmiTlvWriter().String(0x01, Card.Imsi));
            case 0x0044: // UIM Get State: 0 ready, 1 locked or failed, 2 absent, 0xFF unavailable (initialising)
            {
                byte state = Card.State == CardState.Absent ? (byte)2 : Card.IsBusy(now) ? (byte)0xFF : Card.State == CardState.Dead ? (byte)1 : (byte)0;
                return Answer(m, QmiError.None, new QmiTlvWriter().U8(0x01, state));
            }
            case 0x002B: // UIM Get PIN Status
            {
                if (Card.State == CardState.Absent || Card.IsBusy(now)) return Answer(m, QmiError.UimUninitialized);
                var state = Card.State switch
                {
                    CardState.Pin => DmsMessages.PinState.EnabledNotVerified,
                    CardState.Puk => DmsMessages.PinState.Blocked,
                    CardState.Dead => DmsMessages.PinState.PermanentlyBlocked,
                    _ => Card.PinLockEnabled ? DmsMessages.PinState.EnabledVerified : DmsMessages.PinState.Disabled,
                };
                return Answer(m, QmiError.None, new QmiTlvWriter()
                    .Begin(0x11).FieldU8((byte)state).FieldU8((byte)Card.PinTries).FieldU8((byte)Card.PukTries).End()
                    .Begin(0x12).FieldU8((byte)DmsMessages.PinState.EnabledNotVerified).FieldU8(3).FieldU8(10).End());
            }
            case 0x0028 or 0x0029: // UIM Verify PIN / Unblock PIN
            {
                if (r.Get(0x01) is not { Length: >= 2 } v) return Answer(m, QmiError.MissingArgument);
                var f = new QmiFieldReader(v.Span);
                _ = f.U8();
                var first = f.String8();
                var second = m.MessageId == 0x0029 ? f.String8() : null;
                if (!f.Ok || first is null) return Answer(m, QmiError.MalformedMessage);
                if (Card.IsBusy(now)) return Answer(m, QmiError.UimUninitialized);
                var wasReady = Card.State == CardState.Ready;
                var result = second is null ? Card.EnterPin(first) : Card.EnterPuk(first, second);
                var retries = new QmiTlvWriter().Begin(0x10).FieldU8((byte)Card.PinTries).FieldU8((byte)Card.PukTries).End();
                if (result == -1) return Answer(m, QmiError.NoEffect, retries);
                if (result is not null)
                {
                    var error = Card.State switch
                    {
                        CardState.Dead => QmiError.PinAlwaysBlocked,
                        CardState.Puk when second is null && result != At.CmeErrors.IncorrectPassword => QmiError.PinBlocked,
                        _ => QmiError.IncorrectPin,
                    };
                    return Answer(m, error, retries);
                }
                if (!wasReady) Schedule(TimeSpan.FromMilliseconds(50), SimSettled);
                return Answer(m, QmiError.None, retries);
            }
            case 0x002D: // Get Operating Mode
                return Answer(m, QmiError.None, new QmiTlvWriter().U8(0x01, (byte)(_cfun == 1 ? DmsMessages.OperatingMode.Online : DmsMessages.OperatingMode.LowPower)));
            case 0x002E: // Set Operating Mode
            {
                switch (r.U8(0x01))
                {
                    case 0: // online
                        if (_cfun != 1) { _cfun = 1; StartRegistration(); }
                        return Answer(m, QmiError.None);
                    case 1 or 3 or 6: // low power, offline
                        _cfun = 4;
                        Deregister();
                        return Answer(m, QmiError.None);
                    case 4: // reset: the answer first, then the device leaves the bus
                        Schedule(TimeSpan.FromMilliseconds(50), () => _device.RequestReset(false));
                        return Answer(m, QmiError.None);
                    case null: return Answer(m, QmiError.MissingArgument);
                    default: return Answer(m, QmiError.InvalidArgument);
                }
            }
            default:
                return Answer(m, QmiError.InvalidQmiCommand);
        }
    }
}
