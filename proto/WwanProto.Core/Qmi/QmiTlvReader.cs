using System.Buffers.Binary;
using System.Text;

namespace WwanProto.Core.Qmi;

/// <summary>
/// Reads the TLVs of one message (type u8, length u16, value). Lookups by TLV id; every accessor checks the
/// length it needs and answers null when the TLV is absent or too short, so a malformed answer never throws.
/// </summary>
public readonly struct QmiTlvReader
{
    private readonly ReadOnlyMemory<byte> _tlvs;

    public QmiTlvReader(ReadOnlyMemory<byte> tlvs) => _tlvs = tlvs;
    public QmiTlvReader(QmiMessage message) : this(message.Tlvs) { }

    /// <summary>Whether every TLV fits inside the area (checked once per frame by the parser).</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> tlvs)
    {
        while (!tlvs.IsEmpty)
        {
            if (tlvs.Length < 3) return false;
            var len = BinaryPrimitives.ReadUInt16LittleEndian(tlvs[1..]);
            if (tlvs.Length < 3 + len) return false;
            tlvs = tlvs[(3 + len)..];
        }
        return true;
    }

    /// <summary>The value of TLV <paramref name="type"/>, or null when the message has none.</summary>
    public ReadOnlyMemory<byte>? Get(byte type)
    {
        var all = _tlvs;
        var offset = 0;
        while (all.Length - offset >= 3)
        {
            var span = all.Span;
            var t = span[offset];
            var len = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 1)..]);
            if (all.Length - offset - 3 < len) return null;
            if (t == type) return all.Slice(offset + 3, len);
            offset += 3 + len;
        }
        return null;
    }

    public bool Has(byte type) => Get(type) is not null;

    public byte? U8(byte type) => Get(type) is { Length: >= 1 } v ? v.Span[0] : null;
    public sbyte? S8(byte type) => Get(type) is { Length: >= 1 } v ? (sbyte)v.Span[0] : null;
    public ushort? U16(byte type) => Get(type) is { Length: >= 2 } v ? BinaryPrimitives.ReadUInt16LittleEndian(v.Span) : null;
    public short? S16(byte type) => Get(type) is { Length: >= 2 } v ? BinaryPrimitives.ReadInt16LittleEndian(v.Span) : null;
    public uint? U32(byte type) => Get(type) is { Length: >= 4 } v ? BinaryPrimitives.ReadUInt32LittleEndian(v.Span) : null;

    /// <summary>A TLV that is a string on its own: the whole value, no length prefix (DMS Get IDs' IMEI).</summary>
    public string? String(byte type) => Get(type) is { } v ? Text(v.Span) : null;

    /// <summary>The result TLV (0x02) every response carries: u16 result (0 success, 1 failure), u16 error code.</summary>
    public QmiError? Result() => Get(0x02) is { Length: >= 4 } v
        ? (BinaryPrimitives.ReadUInt16LittleEndian(v.Span) == 0 ? QmiError.None : (QmiError)BinaryPrimitives.ReadUInt16LittleEndian(v.Span[2..]))
        : null;

    /// <summary>Modem strings are ASCII/UTF-8; trailing NULs (seen in the field) are not part of them.</summary>
    public static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value).TrimEnd('\0');
}

/// <summary>Reads the fields of one sequence-valued TLV in order; reads past the end give null.</summary>
public ref struct QmiFieldReader
{
    private ReadOnlySpan<byte> _rest;

    public QmiFieldReader(ReadOnlySpan<byte> value) => _rest = value;

    public bool Ok { get; private set; } = true;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (!Ok || _rest.Length < n) { Ok = false; return default; }
        var s = _rest[..n];
        _rest = _rest[n..];
        return s;
    }

    public byte? U8() => Take(1) is { Length: 1 } s ? s[0] : null;
    public sbyte? S8() => Take(1) is { Length: 1 } s ? (sbyte)s[0] : null;
    public ushort? U16() => Take(2) is { Length: 2 } s ? BinaryPrimitives.ReadUInt16LittleEndian(s) : null;
    public uint? U32() => Take(4) is { Length: 4 } s ? BinaryPrimitives.ReadUInt32LittleEndian(s) : null;
    public byte[]? Bytes(int n) => Take(n) is { } s && Ok ? s.ToArray() : null;

    /// <summary>A string inside a sequence: u8 length prefix, then the bytes (libqmi's default for sequence members).</summary>
    public string? String8() => U8() is { } n && Take(n) is var s && Ok ? QmiTlvReader.Text(s) : null;
}
