using System.Buffers.Binary;
using System.Text;

namespace WwanProto.Core.Ubus;

/// <summary>
/// Builds libubox blobs: 4-byte big-endian headers (bit 31 "extended", bits 24-30 id, bits 0-23 length
/// including the header), payloads padded to 4 bytes. A length never counts the attribute's own
/// trailing padding, but a container's length counts its (padded) children, exactly as blob.c does.
/// Extended attributes are blobmsg: a name header (u16 length, name, NUL, padded) before the value.
/// </summary>
public sealed class BlobWriter
{
    private const int MaxLength = 0x00ffffff;
    private byte[] _buffer = new byte[256];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Opens an attribute; returns a cookie for <see cref="Close"/>.</summary>
    public int Open(int id, bool extended = false)
    {
        var start = _length;
        Reserve(4);
        _length += 4;
        SetHeader(start, id, extended, 4);
        return start;
    }

    /// <summary>Closes an attribute opened by <see cref="Open"/> or a blobmsg container, then pads.</summary>
    public void Close(int cookie)
    {
        var length = _length - cookie;
        if (length > MaxLength) throw new InvalidOperationException($"blob attribute too long ({length} bytes)");
        var word = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(cookie));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(cookie), (word & 0xff000000u) | (uint)length);
        Pad();
    }

    /// <summary>A plain (non-blobmsg) attribute with a raw payload.</summary>
    public void Put(int id, ReadOnlySpan<byte> payload)
    {
        var cookie = Open(id);
        Append(payload);
        Close(cookie);
    }

    public void PutInt32(int id, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        Put(id, b);
    }

    public void PutInt8(int id, byte value) => Put(id, [value]);

    /// <summary>A NUL-terminated string attribute (blob_put_string).</summary>
    public void PutString(int id, string value)
    {
        var cookie = Open(id);
        AppendUtf8Z(value);
        Close(cookie);
    }

    // ---- blobmsg ----

    /// <summary>Opens a blobmsg attribute of <paramref name="type"/> named <paramref name="name"/> (null inside arrays).</summary>
    public int OpenMsg(BlobmsgType type, string? name)
    {
        var cookie = Open((int)type, extended: true);
        var nameBytes = name is null ? 0 : Encoding.UTF8.GetByteCount(name);
        if (nameBytes > ushort.MaxValue) throw new ArgumentException("blobmsg name too long", nameof(name));
        Reserve(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), (ushort)nameBytes);
        _length += 2;
        AppendUtf8Z(name ?? "");
        Pad();
        return cookie;
    }

    public int OpenTable(string? name) => OpenMsg(BlobmsgType.Table, name);
    public int OpenArray(string? name) => OpenMsg(BlobmsgType.Array, name);

    public void String(string? name, string value)
    {
        var c = OpenMsg(BlobmsgType.String, name);
        AppendUtf8Z(value);
        Close(c);
    }

    public void Int64(string? name, long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        Field(BlobmsgType.Int64, name, b);
    }

    public void Int32(string? name, int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        Field(BlobmsgType.Int32, name, b);
    }

    public void Int16(string? name, short value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, value);
        Field(BlobmsgType.Int16, name, b);
    }

    public void Int8(string? name, byte value) => Field(BlobmsgType.Int8, name, [value]);

    public void Bool(string? name, bool value) => Int8(name, value ? (byte)1 : (byte)0);

    /// <summary>blobmsg_add_double: the IEEE 754 bits as a big-endian u64.</summary>
    public void Double(string? name, double value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, BitConverter.DoubleToInt64Bits(value));
        Field(BlobmsgType.Double, name, b);
    }

    /// <summary>UNSPEC with no payload: how blobmsg_json stores JSON null.</summary>
    public void Unspec(string? name) => Field(BlobmsgType.Unspec, name, []);

    public void Field(BlobmsgType type, string? name, ReadOnlySpan<byte> payload)
    {
        var c = OpenMsg(type, name);
        Append(payload);
        Close(c);
    }

    /// <summary>Appends already-encoded attributes (e.g. the content of a table) verbatim.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void AppendUtf8Z(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        Reserve(count + 1);
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        _length += count;
        _buffer[_length++] = 0;
    }

    private void Pad()
    {
        var padded = (_length + 3) & ~3;
        Reserve(padded - _length);
        _buffer.AsSpan(_length, padded - _length).Clear();
        _length = padded;
    }

    private void SetHeader(int at, int id, bool extended, int length)
    {
        if (id is < 0 or > 0x7f) throw new ArgumentOutOfRangeException(nameof(id));
        var word = (extended ? 0x80000000u : 0u) | ((uint)id << 24) | (uint)length;
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), word);
    }

    private void Reserve(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
