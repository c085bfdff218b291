using System.Buffers.Binary;

namespace WwanProto.Core.Ubus;

/// <summary>
/// One ubus message: the 8-byte header (version 0, type, seq u16 BE, peer u32 BE) and one blob whose
/// attributes are <see cref="UbusAttr"/> ids. <see cref="Body"/> is the blob's content (its attributes).
/// </summary>
public sealed class UbusMessage
{
    public const int HeaderLength = 8;
    /// <summary>ubusd's UBUS_MAX_MSGLEN default; bigger frames are refused rather than allocated.</summary>
    public const int MaxLength = 1024 * 1024;

    public UbusMessageType Type { get; }
    public ushort Seq { get; }
    public uint Peer { get; }
    public ReadOnlyMemory<byte> Body { get; }

    private Dictionary<UbusAttr, BlobAttr>? _attrs;

    public UbusMessage(UbusMessageType type, ushort seq, uint peer, ReadOnlyMemory<byte> body)
    {
        Type = type;
        Seq = seq;
        Peer = peer;
        Body = body;
    }

    /// <summary>The message's attributes by id (the last one wins, as ubus_parse_msg does).</summary>
    public IReadOnlyDictionary<UbusAttr, BlobAttr> Attrs
    {
        get
        {
            if (_attrs is null)
            {
                var d = new Dictionary<UbusAttr, BlobAttr>();
                foreach (var a in BlobAttr.Parse(Body)) d[(UbusAttr)a.Id] = a;
                _attrs = d;
            }
            return _attrs;
        }
    }

    public BlobAttr? Attr(UbusAttr id) => Attrs.TryGetValue(id, out var a) ? a : null;

    public uint? UInt32(UbusAttr id) => Attr(id) is { } a ? a.GetUInt32() : null;

    public string? String(UbusAttr id) => Attr(id) is { } a ? a.GetString() : null;

    public byte[] Encode()
    {
        var total = HeaderLength + 4 + Body.Length;
        var bytes = new byte[total];
        bytes[0] = 0;
        bytes[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), Seq);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), Peer);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), (uint)(4 + Body.Length));
        Body.Span.CopyTo(bytes.AsSpan(12));
        return bytes;
    }

    /// <summary>Decodes a whole frame (header + blob).</summary>
    public static UbusMessage Decode(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length < HeaderLength + 4) throw new InvalidDataException($"ubus frame of {frame.Length} bytes is shorter than a header");
        var s = frame.Span;
        var blobLen = BlobLength(s[HeaderLength..]);
        if (HeaderLength + blobLen > frame.Length) throw new InvalidDataException($"ubus frame claims {blobLen} blob bytes, {frame.Length - HeaderLength} present");
        return new UbusMessage((UbusMessageType)s[1], BinaryPrimitives.ReadUInt16BigEndian(s[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(s[4..]), frame.Slice(HeaderLength + 4, blobLen - 4));
    }

    /// <summary>The blob length (header included) from the 4-byte blob header.</summary>
    public static int BlobLength(ReadOnlySpan<byte> blobHeader)
    {
        var len = (int)(BinaryPrimitives.ReadUInt32BigEndian(blobHeader) & 0x00ffffff);
        if (len < 4) throw new InvalidDataException($"ubus blob length {len} is shorter than its header");
        return len;
    }

    /// <summary>Builds a message from a writer holding its attributes.</summary>
    public static UbusMessage Create(UbusMessageType type, ushort seq, uint peer, BlobWriter attrs) =>
        new(type, seq, peer, attrs.ToArray());

    public override string ToString() => $"{Type} seq={Seq} peer={Peer:x8} ({Body.Length} bytes)";
}
