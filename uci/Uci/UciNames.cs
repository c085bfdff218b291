namespace WwanProto.Uci;

/// <summary>libuci's name rules and the hash behind generated section names.</summary>
public static class UciNames
{
    /// <summary>uci_validate_str: names are [A-Za-z0-9_]; packages also allow '-'; types any printable non-space.</summary>
    internal static bool ValidateStr(string s, bool name, bool package)
    {
        if (s.Length == 0)
            return false;
        foreach (var ch in s)
        {
            int c = ch;
            if (UciText.IsAlnum(c) || c == '_')
                continue;
            if (c == '-' && package)
                continue;
            if (name || c < 33 || c > 126)
                return false;
        }
        return true;
    }

    public static bool IsValidPackage(string s) => ValidateStr(s, false, true);
    public static bool IsValidType(string s) => ValidateStr(s, false, false);
    public static bool IsValidName(string s) => ValidateStr(s, true, false);

    /// <summary>uci_validate_text: no control characters except tab, newline and carriage return.</summary>
    public static bool IsValidText(string s)
    {
        foreach (var c in s)
            if (c < 32 && c != '\t' && c != '\n' && c != '\r')
                return false;
        return true;
    }

    /// <summary>
    /// libuci's djbhash step: hash*33 + c over the bytes (as signed char, like x86 C), masked to 31 bits.
    /// An initial ~0 means "start at 5381".
    /// </summary>
    internal static uint DjbHash(uint hash, string s)
    {
        if (hash == uint.MaxValue)
            hash = 5381;
        foreach (var ch in s)
            hash = unchecked((hash << 5) + hash + (uint)(int)(sbyte)(byte)ch);
        return hash & 0x7FFFFFFF;
    }

    /// <summary>The name uci gives an anonymous section: cfg + counter (%02x) + hash of its type and options (%04x).</summary>
    internal static string Generated(UciSection s)
    {
        uint hash = DjbHash(uint.MaxValue, s.Type);
        foreach (var o in s.Options)
        {
            hash = DjbHash(hash, o.Name);
            if (!o.IsList)
                hash = DjbHash(hash, o.Value!);
        }
        return "cfg" + s.Package.SectionCounter.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)
            + (hash % 65536).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
    }
}
