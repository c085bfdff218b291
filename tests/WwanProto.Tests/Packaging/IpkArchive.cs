using System.Formats.Tar;
using System.IO.Compression;

namespace WwanProto.Tests.Packaging;

/// <summary>
/// An .ipk read the way opkg reads OpenWrt's: a gzip'd tar holding ./debian-binary, ./data.tar.gz and
/// ./control.tar.gz (scripts/ipkg-build), the inner two gzip'd tars themselves.
/// </summary>
public sealed class IpkArchive
{
    public sealed record Entry(string Name, TarEntryType Type, UnixFileMode Mode, int Uid, int Gid, byte[] Data, string? LinkName);

    public required IReadOnlyList<string> OuterMembers { get; init; }
    public required string DebianBinary { get; init; }
    public required IReadOnlyList<Entry> Control { get; init; }
    public required IReadOnlyList<Entry> Data { get; init; }
    public required long DataTarSize { get; init; }

    public Entry ControlFile(string name) => Control.Single(e => e.Name == "./" + name);
    public string ControlText(string name) => System.Text.Encoding.UTF8.GetString(ControlFile(name).Data);
    public Entry? DataFile(string path) => Data.SingleOrDefault(e => e.Name == "." + path);

    /// <summary>The control file's fields (continuation lines joined with '\n').</summary>
    public IReadOnlyDictionary<string, string> Fields()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in ControlText("control").Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line[0] is ' ' or '\t' && last is not null) { fields[last] += "\n" + line.Trim(); continue; }
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"bad control line: {line}");
            last = line[..colon];
            fields[last] = line[(colon + 1)..].Trim();
        }
        return fields;
    }

    public static IpkArchive Read(string path)
    {
        var outer = ReadTar(File.ReadAllBytes(path));
        byte[] Member(string n) => outer.Single(e => e.Name == n).Data;
        var dataGz = Member("./data.tar.gz");
        return new IpkArchive
        {
            OuterMembers = outer.Select(e => e.Name).ToList(),
            DebianBinary = System.Text.Encoding.ASCII.GetString(Member("./debian-binary")),
            Control = ReadTar(Member("./control.tar.gz")),
            Data = ReadTar(dataGz),
            DataTarSize = Gunzip(dataGz).Length,
        };
    }

    private static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static List<Entry> ReadTar(byte[] gz)
    {
        var entries = new List<Entry>();
        using var reader = new TarReader(new MemoryStream(Gunzip(gz)));
        while (reader.GetNextEntry() is { } e)
        {
            var data = Array.Empty<byte>();
            if (e.DataStream is { } s)
            {
                using var ms = new MemoryStream();
                s.CopyTo(ms);
                data = ms.ToArray();
            }
            entries.Add(new Entry(e.Name, e.EntryType, e.Mode, e.Uid, e.Gid, data, e.LinkName.Length > 0 ? e.LinkName : null));
        }
        return entries;
    }
}
