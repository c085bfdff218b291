using System.Net;
using WwanProto.Core.Qmi;
using WwanProto.ModemSim.Ports;

namespace WwanProto.ModemSim.Engine;

/// <summary>
/// The IPv6 half of a dual-stack QMI call: Qualcomm firmware runs one call per IP family, each started by its own WDS
/// client (that client's Set IP Family says 6) and each with its own packet data handle. Get Packet Service Status and
/// Get Current Settings answer for the family of the asking client. The network dropping the data call ends both.
/// </summary>
internal sealed partial class ModemEngine
{
    /// <summary>IP family preference per WDS client id (Set IP Family); 4 until set.</summary>
    private readonly Dictionary<byte, byte> _qmiWdsFamily = [];
    private (SimPort Port, byte Cid)? _qmiV6Owner;
    private (SimPort Port, QmiMessage Request)? _qmiV6PendingStart;
    private uint _qmiV6Handle;

    /// <summary>The packet data handle of the IPv6 call, 0 when none is up.</summary>
    public uint QmiHandle6 { get { lock (_gate) return _qmiV6Handle; } }

    private bool IsV6Client(byte cid) => _qmiWdsFamily.TryGetValue(cid, out var f) && f == 6;

    private byte[] SetWdsFamily(QmiMessage m, QmiTlvReader r)
    {
        if (r.U8(0x01) is not { } family || family is not (4 or 6)) return Answer(m, QmiError.InvalidArgument);
        _qmiWdsFamily[m.ClientId] = family;
        return Answer(m, QmiError.None);
    }

    /// <summary>Start Network for IPv6 (TLV 0x19 = 6, or a client whose family is 6): answered when the call is up.</summary>
    private byte[]? StartV6(SimPort port, QmiMessage m)
    {
        if (!Profile.DualStack)
            return Answer(m, QmiError.CallFailed, new QmiTlvWriter().U16(0x10, 1014).Begin(0x11).FieldU16(6).FieldU16(28).End());
        if (_qmiV6Handle != 0 || _qmiV6PendingStart is not null) return Answer(m, QmiError.NoEffect);
        if (Card.Blocker(DateTime.UtcNow) is not null) return Answer(m, QmiError.UimUninitialized);
        _qmiV6PendingStart = (port, m);
        Schedule(_options.NdisConnectDelay, () =>
        {
            if (_qmiV6PendingStart is not { } pending) return;
            _qmiV6PendingStart = null;
            if (!Registered)
            {
                QmiIndication(pending.Port, Answer(pending.Request, QmiError.CallFailed,
                    new QmiTlvWriter().U16(0x10, 1002).Begin(0x11).FieldU16(6).FieldU16(38).End()));
                return;
            }
            _qmiV6Handle = 0x60000000u + ++_qmiHandleCounter * 0x101u;
            _qmiV6Owner = (pending.Port, pending.Request.ClientId);
            QmiIndication(pending.Port, Answer(pending.Request, QmiError.None, new QmiTlvWriter().U32(0x01, _qmiV6Handle)));
            QmiIndication(pending.Port, PacketStatusIndication(pending.Request.ClientId, WdsMessages.ConnectionStatus.Connected, null, 6));
        });
        return null;
    }

    /// <summary>Stop Network from an IPv6 client: its handle or the global one ends the IPv6 call.</summary>
    private byte[] StopV6(QmiMessage m, uint handle)
    {
        if (_qmiV6Handle == 0) return Answer(m, QmiError.NoEffect);
        if (handle != WdsMessages.GlobalHandle && handle != _qmiV6Handle) return Answer(m, QmiError.InvalidHandle);
        Schedule(TimeSpan.FromMilliseconds(50), () => QmiV6Ended(36));
        return Answer(m, QmiError.None);
    }

    private byte[] V6PacketStatus(QmiMessage m) =>
        Answer(m, QmiError.None, new QmiTlvWriter().U8(0x01, (byte)(_qmiV6Handle != 0 ? WdsMessages.ConnectionStatus.Connected
            : _qmiV6PendingStart is not null ? WdsMessages.ConnectionStatus.Authenticating : WdsMessages.ConnectionStatus.Disconnected)));

    /// <summary>Get Current Settings for the IPv6 call: the plan's ULA /64 as ^DHCPV6 reports it, gateway and DNS ::1.</summary>
    private byte[] V6Settings(QmiMessage m)
    {
        if (_qmiV6Handle == 0) return Answer(m, QmiError.OutOfCall);
        var address = IPAddress.Parse(Plan.Ipv6Client).GetAddressBytes();
        var gateway = IPAddress.Parse(Plan.Ipv6Dns).GetAddressBytes();
        return Answer(m, QmiError.None, new QmiTlvWriter()
            .Tlv(0x25, [.. address, 64]).Tlv(0x26, [.. gateway, 64]).Tlv(0x27, gateway).U32(0x29, 1500).U8(0x2B, 6));
    }

    /// <summary>The IPv6 call is over (stop, network drop): its owner gets a disconnected indication.</summary>
    private void QmiV6Ended(int cause)
    {
        if (_qmiV6PendingStart is { } pending)
        {
            _qmiV6PendingStart = null;
            QmiIndication(pending.Port, Answer(pending.Request, QmiError.CallFailed,
                new QmiTlvWriter().U16(0x10, 1003).Begin(0x11).FieldU16(6).FieldU16((ushort)cause).End()));
        }
        if (_qmiV6Handle != 0 && _qmiV6Owner is { } owner && _qmiClients.Contains((QmiService.Wds, owner.Cid)))
            QmiIndication(owner.Port, PacketStatusIndication(owner.Cid, WdsMessages.ConnectionStatus.Disconnected, cause, 6));
        _qmiV6Handle = 0;
        _qmiV6Owner = null;
    }

    private void QmiV6PowerDown()
    {
        _qmiWdsFamily.Clear();
        _qmiV6Handle = 0;
        _qmiV6Owner = null;
        _qmiV6PendingStart = null;
    }
}
