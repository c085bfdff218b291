using System.Buffers.Binary;
using System.Text;

namespace WwanProto.Core.Qmi;

/// <summary>Builds the TLV area of a request: TLVs in the order added, integers little-endian.</summary>
public sealed class QmiTlvWriter
{
    private readonly List<byte> _bytes = [];
    private int _open = -1;

    public QmiTlvWriter U8(byte type, byte value) => Tlv(type, [value]);
    public QmiTlvWriter U16(byte type, ushort value) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, value); return Tlv(type, b); }
    public QmiTlvWriter U32(byte type, uint value) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, value); return Tlv(type, b); }
    /// <summary>A TLV that is a string on its own (no length prefix: the TLV length says it).</summary>
    public QmiTlvWriter String(byte type, string value) => Tlv(type, Encoding.UTF8.GetBytes(value));

    public QmiTlvWriter Tlv(byte type, ReadOnlySpan<byte> value)
    {
        Begin(type);
        foreach (var b in value) _bytes.Add(b);
        return End();
    }

    /// <summary>Starts a sequence-valued TLV; add its fields with the Field methods, close with <see cref="End"/>.</summary>
    public QmiTlvWriter Begin(byte type)
    {
        if (_open >= 0) throw new InvalidOperationException("a TLV is still open");
        _bytes.Add(type);
        _open = _bytes.Count;
        _bytes.Add(0);
        _bytes.Add(0);
        return this;
    }

    public QmiTlvWriter FieldU8(byte value) { _bytes.Add(value); return this; }
    public QmiTlvWriter FieldU16(ushort value) { _bytes.Add((byte)value); _bytes.Add((byte)(value >> 8)); return this; }
    public QmiTlvWriter FieldU32(uint value) { FieldU16((ushort)value); return FieldU16((ushort)(value >> 16)); }

    /// <summary>Raw octets inside a sequence (after the length prefix the caller wrote).</summary>
    public QmiTlvWriter FieldBytes(ReadOnlySpan<byte> value)
    {
        foreach (var b in value) _bytes.Add(b);
        return this;
    }

    /// <summary>A string inside a sequence: u8 length prefix.</summary>
    public QmiTlvWriter FieldString8(string value)
    {
        var b = Encoding.UTF8.GetBytes(value);
        if (b.Length > byte.MaxValue) throw new ArgumentException("string longer than 255 bytes");
        _bytes.Add((byte)b.Length);
        _bytes.AddRange(b);
        return this;
    }

    public QmiTlvWriter End()
    {
        if (_open < 0) throw new InvalidOperationException("no TLV is open");
        var len = _bytes.Count - _open - 2;
        if (len > ushort.MaxValue) throw new ArgumentException("TLV longer than 65535 bytes");
        _bytes[_open] = (byte)len;
        _bytes[_open + 1] = (byte)(len >> 8);
        _open = -1;
        return this;
    }

    public byte[] ToArray()
    {
        if (_open >= 0) throw new InvalidOperationException("a TLV is still open");
        return [.. _bytes];
    }
}
