using System.Globalization;

namespace WwanProto.Core.Usb;

/// <summary>Reads the one-value text files sysfs exposes ("12d1\n", "ff\n", "4\n").</summary>
internal static class SysfsAttributes
{
    public static string? Text(string dir, string name)
    {
        try
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) return null;
            // Bounded and non-blocking: a huge file or a FIFO in a (test or broken) sysfs reads as absent.
            return BoundedFile.ReadAllText(path, BoundedFile.AttributeLimit).TrimEnd('\n', '\r', ' ', '\t', '\0');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public static int? Hex(string dir, string name) =>
        Text(dir, name) is { Length: > 0 } s && int.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static int? Decimal(string dir, string name) =>
        Text(dir, name) is { Length: > 0 } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The last path component of a symlink's target ("drivers/option" -> "option"), or null.</summary>
    public static string? LinkName(string dir, string name)
    {
        try
        {
            var info = new FileInfo(Path.Combine(dir, name));
            var target = info.LinkTarget ?? new DirectoryInfo(Path.Combine(dir, name)).LinkTarget;
            if (target is null) return null;
            return Path.GetFileName(target.TrimEnd('/'));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Names of the entries (dirs, or symlinks to dirs) directly inside <paramref name="dir"/>; empty if it is absent.</summary>
    public static IEnumerable<string> Entries(string dir)
    {
        if (!Directory.Exists(dir)) return [];
        try
        {
            return Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>().ToArray();
        }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    /// <summary>Orders kernel names so that ttyUSB2 comes before ttyUSB10.</summary>
    public static int CompareKernelNames(string a, string b)
    {
        var (pa, na) = SplitNumber(a);
        var (pb, nb) = SplitNumber(b);
        var c = string.CompareOrdinal(pa, pb);
        return c != 0 ? c : na.CompareTo(nb);
    }

    private static (string Prefix, long Number) SplitNumber(string name)
    {
        var i = name.Length;
        while (i > 0 && char.IsAsciiDigit(name[i - 1])) i--;
        if (i == name.Length || name.Length - i > 18) return (name, -1);
        return (name[..i], long.Parse(name.AsSpan(i), CultureInfo.InvariantCulture));
    }
}
