using System.Text;

namespace WwanProto.ModemSim.Ports;

/// <summary>
/// Turns a reply into the bytes a real port would put on the wire, with the per-run faults:
/// a URC between echo / information lines / final, a URC glued after the final, random split points.
/// Every choice comes from the port's seeded generator, in command order, so a run is reproducible.
/// </summary>
public static class OutputShaper
{
    /// <summary>Cuts <paramref name="data"/> at 1..4 seeded offsets (anywhere, also between CR and LF).</summary>
    public static List<int> SplitPoints(Random rng, int length)
    {
        var points = new SortedSet<int>();
        if (length < 2) return [];
        var count = 1 + rng.Next(4);
        for (var i = 0; i < count; i++) points.Add(1 + rng.Next(length - 1));
        return [.. points];
    }

    public static IEnumerable<byte[]> Cut(byte[] data, IReadOnlyList<int> points)
    {
        var start = 0;
        foreach (var p in points)
        {
            yield return data[start..p];
            start = p;
        }
        yield return data[start..];
    }

    public static byte[] Garbage(Random rng)
    {
        var n = 3 + rng.Next(10);
        var bytes = new byte[n + 2];
        for (var i = 0; i < n; i++)
        {
            var pick = rng.Next(3);
            bytes[i] = pick switch { 0 => 0x00, 1 => (byte)(0x80 + rng.Next(0x80)), _ => (byte)(0x01 + rng.Next(8)) };
        }
        bytes[n] = (byte)'\r';
        bytes[n + 1] = (byte)'\n';
        return bytes;
    }

    public static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);
}
