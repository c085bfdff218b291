using System.Buffers.Binary;
using System.Text;

namespace WwanProto.Core.Ubus;

/// <summary>
/// One received blob attribute (header + payload, without trailing padding). For extended (blobmsg)
/// attributes, <see cref="Name"/> and <see cref="Data"/> skip the name header.
/// </summary>
public readonly struct BlobAttr
{
    private readonly ReadOnlyMemory<byte> _raw;

    private BlobAttr(ReadOnlyMemory<byte> raw) => _raw = raw;

    private uint Word => BinaryPrimitives.ReadUInt32BigEndian(_raw.Span);

    public int Id => (int)((Word >> 24) & 0x7f);
    public bool Extended => (Word & 0x80000000u) != 0;
    public ReadOnlyMemory<byte> Raw => _raw;
    public ReadOnlyMemory<byte> Payload => _raw[4..];

    public BlobmsgType Type => (BlobmsgType)Id;

    /// <summary>The blobmsg name ("" inside arrays and for plain attributes).</summary>
    public string Name
    {
        get
        {
            if (!Extended) return "";
            var p = Payload.Span;
            var n = BinaryPrimitives.ReadUInt16BigEndian(p);
            return Encoding.UTF8.GetString(p.Slice(2, n));
        }
    }

    /// <summary>The value: payload after the blobmsg name header (or the whole payload of a plain attribute).</summary>
    public ReadOnlyMemory<byte> Data
    {
        get
        {
            if (!Extended) return Payload;
            var n = BinaryPrimitives.ReadUInt16BigEndian(Payload.Span);
            return Payload[NameHeaderLength(n)..];
        }
    }

    public static int NameHeaderLength(int nameLength) => (2 + nameLength + 1 + 3) & ~3;

    /// <summary>A NUL-terminated string value (the NUL and anything after it dropped).</summary>
    public string GetString()
    {
        var d = Data.Span;
        var nul = d.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? d : d[..nul]);
    }

    public uint GetUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Need(4));
    public int GetInt32() => BinaryPrimitives.ReadInt32BigEndian(Need(4));
    public long GetInt64() => BinaryPrimitives.ReadInt64BigEndian(Need(8));
    public short GetInt16() => BinaryPrimitives.ReadInt16BigEndian(Need(2));
    public byte GetInt8() => Need(1)[0];
    public bool GetBool() => GetInt8() != 0;
    public double GetDouble() => BitConverter.Int64BitsToDouble(GetInt64());

    /// <summary>Any integer type (or bool) widened, as blobmsg_cast_u64 would; null for other types.</summary>
    public long? GetInteger() => Type switch
    {
        BlobmsgType.Int64 => GetInt64(),
        BlobmsgType.Int32 => GetInt32(),
        BlobmsgType.Int16 => GetInt16(),
        BlobmsgType.Int8 => GetInt8(),
        _ => null,
    };

    /// <summary>The attributes inside a container (table, array, or a plain nested blob).</summary>
    public List<BlobAttr> Children() => Parse(Data);

    private ReadOnlySpan<byte> Need(int n)
    {
        var d = Data.Span;
        if (d.Length < n) throw new InvalidDataException($"blob attribute id {Id} '{Name}' holds {d.Length} bytes, {n} needed");
        return d[..n];
    }

    /// <summary>Splits a region into attributes; a length that does not fit is malformed input.</summary>
    public static List<BlobAttr> Parse(ReadOnlyMemory<byte> region)
    {
        var list = new List<BlobAttr>();
        var offset = 0;
        var span = region.Span;
        while (offset + 4 <= region.Length)
        {
            var len = (int)(BinaryPrimitives.ReadUInt32BigEndian(span[offset..]) & 0x00ffffff);
            if (len < 4 || offset + len > region.Length)
                throw new InvalidDataException($"malformed blob: attribute at offset {offset} claims {len} bytes, {region.Length - offset} left");
            CheckNameHeader(span.Slice(offset, len), offset);
            list.Add(new BlobAttr(region.Slice(offset, len)));
            offset += (len + 3) & ~3;
        }
        if (offset < region.Length && region.Length - offset is > 0 and < 4)
            throw new InvalidDataException($"malformed blob: {region.Length - offset} stray bytes at the end");
        return list;
    }

    /// <summary>Parses one attribute that fills the whole region (e.g. the top-level blob of a message).</summary>
    public static BlobAttr ParseSingle(ReadOnlyMemory<byte> region)
    {
        if (region.Length < 4) throw new InvalidDataException("malformed blob: shorter than its header");
        var len = (int)(BinaryPrimitives.ReadUInt32BigEndian(region.Span) & 0x00ffffff);
        if (len < 4 || len > region.Length) throw new InvalidDataException($"malformed blob: claims {len} bytes, {region.Length} available");
        CheckNameHeader(region.Span[..len], 0);
        return new BlobAttr(region[..len]);
    }

    /// <summary>
    /// An extended (blobmsg) attribute must hold its whole name header, so <see cref="Name"/> and <see cref="Data"/>
    /// never read past it: every BlobAttr comes through here.
    /// </summary>
    private static void CheckNameHeader(ReadOnlySpan<byte> attr, int offset)
    {
        if ((BinaryPrimitives.ReadUInt32BigEndian(attr) & 0x80000000u) == 0) return;
        if (attr.Length < 6) throw new InvalidDataException($"malformed blobmsg attribute at offset {offset}: no name header");
        var nameLen = BinaryPrimitives.ReadUInt16BigEndian(attr[4..]);
        if (4 + NameHeaderLength(nameLen) > attr.Length)
            throw new InvalidDataException($"malformed blobmsg attribute at offset {offset}: name of {nameLen} bytes exceeds the attribute");
    }
}
