using System.Buffers.Binary;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// The parts of an ELF64 little-endian file that say whether it needs a dynamic loader: its type,
/// machine and program header types. PT_INTERP names the loader (ld-linux / ld-musl); a binary without
/// it and without PT_DYNAMIC is statically linked.
/// </summary>
public sealed record ElfHeader(ushort Type, ushort Machine, IReadOnlyList<uint> ProgramHeaderTypes)
{
    public const ushort EtExec = 2, EtDyn = 3, EmX86_64 = 62;
    public const uint PtDynamic = 2, PtInterp = 3;

    public static ElfHeader Read(string path)
    {
        var b = File.ReadAllBytes(path);
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new FormatException($"{path} is not an ELF file");
        if (b[4] != 2 || b[5] != 1) throw new FormatException($"{path} is not ELF64 little-endian");
        var span = b.AsSpan();
        var type = BinaryPrimitives.ReadUInt16LittleEndian(span[16..]);
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(span[18..]);
        var phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(span[32..]);
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[54..]);
        var phnum = BinaryPrimitives.ReadUInt16LittleEndian(span[56..]);
        var types = new List<uint>();
        for (var i = 0; i < phnum; i++)
            types.Add(BinaryPrimitives.ReadUInt32LittleEndian(span[(phoff + i * phentsize)..]));
        return new ElfHeader(type, machine, types);
    }
}
