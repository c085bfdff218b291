using WwanProto.Core.Qmi;
using WwanProto.ModemSim.Net;
using WwanProto.ModemSim.Ports;
using WwanProto.ModemSim.Profiles;

namespace WwanProto.ModemSim.Engine;

/// <summary>QMI NAS (registration, signal, mode preference), WDS (the data call) and WDA (data format) of the simulated modem.</summary>
internal sealed partial class ModemEngine
{
    private NasMessages.ModePreference _qmiModePreference = NasMessages.ModePreference.Gsm | NasMessages.ModePreference.Umts | NasMessages.ModePreference.Lte;

    private byte RadioInterface => _servedRat switch { Rat.Lte => 0x08, Rat.Wcdma => 0x05, _ => 0x04 };

    private QmiTlvWriter ServingSystemTlvs()
    {
        var reg = _stat switch { 1 or 5 => NasMessages.RegistrationState.Registered, 2 => NasMessages.RegistrationState.Searching, 3 => NasMessages.RegistrationState.Denied, _ => NasMessages.RegistrationState.NotRegistered };
        var registered = reg == NasMessages.RegistrationState.Registered;
        var w = new QmiTlvWriter().Begin(0x01).FieldU8((byte)reg).FieldU8((byte)(registered ? 1 : 2)).FieldU8((byte)(registered ? 1 : 2))
            .FieldU8((byte)(registered ? 2 : 0)).FieldU8((byte)(registered ? 1 : 0));
        if (registered) w.FieldU8(RadioInterface);
        w.End();
        if (registered)
        {
            w.U8(0x10, (byte)(_stat == 5 ? 0 : 1));
            w.Begin(0x12).FieldU16(ushort.Parse(OperatorNumeric[..3], System.Globalization.CultureInfo.InvariantCulture))
                .FieldU16(ushort.Parse(OperatorNumeric[3..], System.Globalization.CultureInfo.InvariantCulture)).FieldString8(OperatorName).End();
        }
        return w;
    }

    /// <summary>NAS Serving System indication for <paramref name="cid"/> (0xFF: broadcast).</summary>
    private byte[] ServingSystemIndication(byte cid) =>
        new QmiMessage(QmiService.Nas, cid, QmiMessageKind.Indication, 0, 0x0024, ServingSystemTlvs().ToArray()).Encode();

    /// <summary>Registration changed: NAS clients that asked for it get a Serving System indication.</summary>
    private void QmiServingSystemChanged()
    {
        if (_nasIndicationClients.Count == 0) return;
        foreach (var port in _ports.Where(p => p.Role == PortRole.Qmi))
            foreach (var cid in _nasIndicationClients)
                QmiIndication(port, ServingSystemIndication(cid));
    }

    private byte[] Nas(QmiMessage m, QmiTlvReader r)
    {
        switch (m.MessageId)
        {
            case 0x0003: // Register Indications
                if (r.U8(0x13) is { } on)
                {
                    if (on != 0) _nasIndicationClients.Add(m.ClientId);
                    else _nasIndicationClients.Remove(m.ClientId);
                }
                return Answer(m, QmiError.None);
            case 0x0024:
                return Answer(m, QmiError.None, ServingSystemTlvs());
            case 0x0020: // Get Signal Strength: dBm from the same RSSI the AT side reports
            {
                if (!Registered) return Answer(m, QmiError.NoNetworkFound);
                var dbm = (sbyte)Math.Clamp(-113 + 2 * _rssi, -113, -51);
                return Answer(m, QmiError.None, new QmiTlvWriter().Begin(0x01).FieldU8((byte)dbm).FieldU8(RadioInterface).End());
            }
            case 0x0022: // Initiate Network Register: manual selection finds only the simulated network's PLMN (as +COPS=1)
                return InitiateNetworkRegister(m, r);
            case 0x0034:
                return Answer(m, QmiError.None, new QmiTlvWriter().U16(0x11, (ushort)_qmiModePreference));
            case 0x0033:
            {
                if (r.U16(0x11) is { } pref)
                {
                    var modes = (NasMessages.ModePreference)pref;
                    if ((modes & (NasMessages.ModePreference.Gsm | NasMessages.ModePreference.Umts | NasMessages.ModePreference.Lte)) == 0)
                        return Answer(m, QmiError.InvalidArgument);
                    _qmiModePreference = modes;
                    var rat = modes.HasFlag(NasMessages.ModePreference.Lte) && Profile.Rat == Rat.Lte ? Rat.Lte
                        : modes.HasFlag(NasMessages.ModePreference.Umts) ? Rat.Wcdma : Rat.Gsm;
                    ApplyRat(rat);
                }
                return Answer(m, QmiError.None);
            }
            default:
                return Answer(m, QmiError.InvalidQmiCommand);
        }
    }

    private byte[] InitiateNetworkRegister(QmiMessage m, QmiTlvReader r)
    {
        if (Card.Blocker(DateTime.UtcNow) is not null) return Answer(m, QmiError.UimUninitialized);
        switch (r.U8(0x01))
        {
            case 1: // automatic
                if (_stat == 0) StartRegistration();
                return Answer(m, QmiError.None);
            case 2:
            {
                if (r.Get(0x10) is not { Length: >= 5 } info) return Answer(m, QmiError.MissingArgument);
                var f = new QmiFieldReader(info.Span);
                var mcc = f.U16()!.Value;
                var mnc = f.U16()!.Value;
                var threeDigits = r.U8(0x12) == 1;
                var asked = threeDigits ? $"{mcc:D3}{mnc:D3}" : $"{mcc:D3}{mnc:D2}";
                if (asked != OperatorNumeric) return Answer(m, QmiError.NoNetworkFound);
                if (Registered) return Answer(m, QmiError.NoEffect);
                if (_stat == 0) StartRegistration();
                return Answer(m, QmiError.None);
            }
            case null: return Answer(m, QmiError.MissingArgument);
            default: return Answer(m, QmiError.InvalidRegisterAction);
        }
    }

    private byte[]? Wds(SimPort port, QmiMessage m, QmiTlvReader r)
    {
        switch (m.MessageId)
        {
            case 0x0020: return StartNetwork(port, m, r);
            case 0x0021: // Stop Network
            {
                if (r.U32(0x01) is not { } handle) return Answer(m, QmiError.MissingArgument);
                if (IsV6Client(m.ClientId) || handle != WdsMessages.GlobalHandle && handle == _qmiV6Handle) return StopV6(m, handle);
                if (_ndis is not (NdisState.Connected or NdisState.Connecting) || _qmiPendingStart is not null && _ndis == NdisState.Connecting)
                    return Answer(m, QmiError.NoEffect);
                if (handle != WdsMessages.GlobalHandle && handle != _qmiHandle) return Answer(m, QmiError.InvalidHandle);
                _ndis = NdisState.Disconnecting;
                Schedule(TimeSpan.FromMilliseconds(50), () => { if (_ndis == NdisState.Disconnecting) NdisEnded(36); });
                return Answer(m, QmiError.None);
            }
            case 0x0022: // Get Packet Service Status
            {
                if (IsV6Client(m.ClientId)) return V6PacketStatus(m);
                var status = _ndis switch
                {
                    NdisState.Connected or NdisState.Disconnecting => WdsMessages.ConnectionStatus.Connected,
                    NdisState.Connecting => WdsMessages.ConnectionStatus.Authenticating,
                    _ => WdsMessages.ConnectionStatus.Disconnected,
                };
                return Answer(m, QmiError.None, new QmiTlvWriter().U8(0x01, (byte)status));
            }
            case 0x002D: // Get Current Settings: the veth plan, as ^DHCP reports it
            {
                if (IsV6Client(m.ClientId)) return V6Settings(m);
                if (_ndis != NdisState.Connected) return Answer(m, QmiError.OutOfCall);
                return Answer(m, QmiError.None, new QmiTlvWriter()
                    .U32(0x15, WdsMessages.V4Value(Plan.Dns1)).U32(0x16, WdsMessages.V4Value(Plan.Dns2))
                    .U32(0x1E, WdsMessages.V4Value(Plan.Client)).U32(0x20, WdsMessages.V4Value(Plan.Gateway))
                    .U32(0x21, WdsMessages.V4Value(Plan.Netmask)).U32(0x29, 1500).U8(0x2B, 4));
            }
            case 0x004D: // Set IP Family: what this client's later requests are about
                return SetWdsFamily(m, r);
            default:
                return Answer(m, QmiError.InvalidQmiCommand);
        }
    }

    private byte[]? StartNetwork(SimPort port, QmiMessage m, QmiTlvReader r)
    {
        var family = r.U8(0x19) ?? (IsV6Client(m.ClientId) ? (byte)6 : (byte)4);
        if (family == 6) return StartV6(port, m);
        // A call already up (ours from before, or left by an earlier host run) or on its way: NoEffect.
        if (_ndis != NdisState.Idle) return Answer(m, QmiError.NoEffect);
        if (Card.Blocker(DateTime.UtcNow) is not null) return Answer(m, QmiError.UimUninitialized);
        _ndis = NdisState.Connecting;
        _ndisCid = 1;
        _ndisOwner = null; // no ^NDISSTAT: this call is QMI's
        _ndisApn = r.String(0x14) ?? "";
        _ndisV6 = false;
        _ndisDelayDone = false;
        _qmiPendingStart = (port, m);
        _qmiOwner = (port, m.ClientId);
        Schedule(_options.NdisConnectDelay, () =>
        {
            _ndisDelayDone = true;
            TryCompleteNdis();
        });
        return null; // answered when the call is up or has failed
    }

    /// <summary>The call came up: the waiting Start Network gets its handle, the owner an indication.</summary>
    private void QmiCallUp()
    {
        _qmiHandle = 0x10000000u + ++_qmiHandleCounter * 0x101u;
        if (_qmiPendingStart is { } pending)
        {
            _qmiPendingStart = null;
            var answer = Answer(pending.Request, QmiError.None, new QmiTlvWriter().U32(0x01, _qmiHandle));
            QmiIndication(pending.Port, answer);
        }
        if (_qmiOwner is { } owner && _qmiClients.Contains((QmiService.Wds, owner.Cid)))
            QmiIndication(owner.Port, PacketStatusIndication(owner.Cid, WdsMessages.ConnectionStatus.Connected, null));
    }

    /// <summary>The call failed or ended (<paramref name="cause"/>: 3GPP SM cause): a waiting start fails, an up call is reported down.</summary>
    private void QmiCallEnded(int cause, bool wasUp)
    {
        if (_qmiPendingStart is { } pending)
        {
            _qmiPendingStart = null;
            var reason = cause switch { 27 => (ushort)1013, 29 => (ushort)10, 33 => (ushort)1018, _ => (ushort)1016 };
            var answer = Answer(pending.Request, QmiError.CallFailed, new QmiTlvWriter().U16(0x10, reason).Begin(0x11).FieldU16(6).FieldU16((ushort)cause).End());
            QmiIndication(pending.Port, answer);
        }
        else if (wasUp && _qmiOwner is { } owner && _qmiClients.Contains((QmiService.Wds, owner.Cid)))
            QmiIndication(owner.Port, PacketStatusIndication(owner.Cid, WdsMessages.ConnectionStatus.Disconnected, cause));
        _qmiOwner = null;
        _qmiHandle = 0;
    }

    private static byte[] PacketStatusIndication(byte cid, WdsMessages.ConnectionStatus status, int? cause, byte? family = null)
    {
        var w = new QmiTlvWriter().Begin(0x01).FieldU8((byte)status).FieldU8(0).End();
        if (cause is { } c)
        {
            w.U16(0x10, c == 36 ? (ushort)2 : (ushort)1003);
            if (c != 0) w.Begin(0x11).FieldU16(6).FieldU16((ushort)c).End();
        }
        if (family is { } f) w.U8(0x12, f);
        return new QmiMessage(QmiService.Wds, cid, QmiMessageKind.Indication, 0, 0x0022, w.ToArray()).Encode();
    }

    private byte[] Wda(QmiMessage m, QmiTlvReader r)
    {
        switch (m.MessageId)
        {
            case 0x0021:
                return Answer(m, QmiError.None, new QmiTlvWriter().U32(0x11, (uint)_qmiLinkLayer));
            case 0x0020:
                if (r.U32(0x11) is { } llp)
                {
                    if (llp is not (1 or 2)) return Answer(m, QmiError.InvalidArgument);
                    _qmiLinkLayer = (WdaMessages.LinkLayer)llp;
                }
                return Answer(m, QmiError.None, new QmiTlvWriter().U32(0x11, (uint)_qmiLinkLayer));
            default:
                return Answer(m, QmiError.InvalidQmiCommand);
        }
    }

    /// <summary>Power cycle: the firmware forgets every client id and un-mutes.</summary>
    private void QmiPowerDown()
    {
        _qmiClients.Clear();
        _nasIndicationClients.Clear();
        _qmiFramers.Clear();
        _qmiPendingStart = null;
        _qmiOwner = null;
        _qmiMuted = false;
        _qmiLinkLayer = WdaMessages.LinkLayer.Ethernet;
        QmiV6PowerDown();
        WmsPowerDown();
        VoicePowerDown();
    }
}
