using System.Buffers.Binary;

namespace WwanProto.Core.Qmi;

/// <summary>
/// One QMUX message: the QMUX header (0x01 marker, u16 length, flags, service, client id), then the SDU header
/// (control flags, transaction id: u8 for CTL, u16 for every other service), u16 message id, u16 TLV length and
/// the TLVs. All integers little-endian.
/// </summary>
public sealed class QmiMessage
{
    public const byte Marker = 0x01;
    /// <summary>QMUX header after the marker: length (2), flags (1), service (1), client (1).</summary>
    public const int QmuxHeaderLength = 6;

    public QmiService Service { get; }
    public byte ClientId { get; }
    public QmiMessageKind Kind { get; }
    public ushort TransactionId { get; }
    public ushort MessageId { get; }
    /// <summary>The TLV area (type u8, length u16, value), as sent.</summary>
    public ReadOnlyMemory<byte> Tlvs { get; }

    public QmiMessage(QmiService service, byte clientId, QmiMessageKind kind, ushort transactionId, ushort messageId, ReadOnlyMemory<byte> tlvs)
    {
        if (service == QmiService.Ctl && transactionId > byte.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(transactionId), "CTL transaction ids are one byte");
        Service = service;
        ClientId = clientId;
        Kind = kind;
        TransactionId = transactionId;
        MessageId = messageId;
        Tlvs = tlvs;
    }

    public bool IsCtl => Service == QmiService.Ctl;
    private int SduHeaderLength => IsCtl ? 6 : 7;

    /// <summary>The whole message as written to /dev/cdc-wdmN.</summary>
    public byte[] Encode()
    {
        var total = QmuxHeaderLength + SduHeaderLength + Tlvs.Length;
        if (total - 1 > ushort.MaxValue) throw new ArgumentException($"QMI message too long ({total} bytes)");
        var b = new byte[total];
        b[0] = Marker;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(1), (ushort)(total - 1));
        // QMUX flags: bit 7 set when the service (the modem) is the sender.
        b[3] = Kind == QmiMessageKind.Request ? (byte)0x00 : (byte)0x80;
        b[4] = (byte)Service;
        b[5] = ClientId;
        var p = QmuxHeaderLength;
        b[p++] = ControlFlags(Kind, IsCtl);
        if (IsCtl) b[p++] = (byte)TransactionId;
        else { BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(p), TransactionId); p += 2; }
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(p), MessageId);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(p + 2), (ushort)Tlvs.Length);
        Tlvs.Span.CopyTo(b.AsSpan(p + 4));
        return b;
    }

    private static byte ControlFlags(QmiMessageKind kind, bool ctl) => kind switch
    {
        QmiMessageKind.Request => 0x00,
        QmiMessageKind.Response => ctl ? (byte)0x01 : (byte)0x02,
        _ => ctl ? (byte)0x02 : (byte)0x04,
    };

    /// <summary>
    /// Parses one complete frame (marker to the QMUX length). Null with a reason when the frame is not a
    /// well-formed QMI message: a wrong marker, lengths that disagree, unknown control flags.
    /// </summary>
    public static QmiMessage? TryParse(ReadOnlySpan<byte> frame, out string? problem)
    {
        problem = null;
        if (frame.Length < QmuxHeaderLength + 6) { problem = $"frame of {frame.Length} bytes is shorter than the QMUX and SDU headers"; return null; }
        if (frame[0] != Marker) { problem = $"marker 0x{frame[0]:x2} is not 0x01"; return null; }
        var length = BinaryPrimitives.ReadUInt16LittleEndian(frame[1..]);
        if (length + 1 != frame.Length) { problem = $"QMUX length {length} does not match the frame's {frame.Length - 1} bytes"; return null; }
        var service = (QmiService)frame[4];
        var client = frame[5];
        var ctl = service == QmiService.Ctl;
        var sdu = frame[QmuxHeaderLength..];
        var headerLength = ctl ? 6 : 7;
        if (sdu.Length < headerLength) { problem = "SDU shorter than its header"; return null; }
        var flags = sdu[0];
        QmiMessageKind kind;
        if (ctl) kind = flags switch { 0x00 => QmiMessageKind.Request, 0x01 => QmiMessageKind.Response, 0x02 => QmiMessageKind.Indication, _ => (QmiMessageKind)0xff };
        else kind = flags switch { 0x00 => QmiMessageKind.Request, 0x02 => QmiMessageKind.Response, 0x04 => QmiMessageKind.Indication, _ => (QmiMessageKind)0xff };
        if ((byte)kind == 0xff) { problem = $"unknown control flags 0x{flags:x2}"; return null; }
        ushort txn = ctl ? sdu[1] : BinaryPrimitives.ReadUInt16LittleEndian(sdu[1..]);
        var p = ctl ? 2 : 3;
        var messageId = BinaryPrimitives.ReadUInt16LittleEndian(sdu[p..]);
        var tlvLength = BinaryPrimitives.ReadUInt16LittleEndian(sdu[(p + 2)..]);
        if (tlvLength != sdu.Length - headerLength) { problem = $"TLV length {tlvLength} does not match the {sdu.Length - headerLength} bytes after the SDU header"; return null; }
        var tlvs = sdu[headerLength..].ToArray();
        if (!QmiTlvReader.IsWellFormed(tlvs)) { problem = "a TLV runs past the end of the message"; return null; }
        return new QmiMessage(service, client, kind, txn, messageId, tlvs);
    }

    public override string ToString() =>
        $"{QmiNames.Message(Service, MessageId)} {Kind.ToString().ToLowerInvariant()} (client {ClientId}, txn {TransactionId}, {Tlvs.Length} TLV bytes)";
}
