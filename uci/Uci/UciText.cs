namespace WwanProto.Uci;

/// <summary>
/// UCI works on bytes. Inside this library a string holds one byte per char (Latin-1), so files round-trip
/// byte for byte whatever their encoding; these helpers convert at the edges.
/// </summary>
public static class UciText
{
    /// <summary>A normal .NET string to the byte-per-char form (UTF-8 bytes).</summary>
    public static string FromUnicode(string s)
    {
        foreach (var c in s)
            if (c > 0x7f)
                return System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes(s));
        return s;
    }

    /// <summary>The byte-per-char form back to a normal .NET string (decoded as UTF-8).</summary>
    public static string ToUnicode(string s)
    {
        foreach (var c in s)
            if (c > 0x7f)
                return System.Text.Encoding.UTF8.GetString(System.Text.Encoding.Latin1.GetBytes(s));
        return s;
    }

    /// <summary>Single-quoted, with ' written as '\'' (how uci writes values everywhere).</summary>
    public static string Quote(string v) => "'" + Escape(v) + "'";

    /// <summary>uci_escape: ' becomes '\'' and nothing else changes.</summary>
    public static string Escape(string v) => v.Contains('\'') ? v.Replace("'", "'\\''") : v;

    /// <summary>C isspace in the C locale.</summary>
    internal static bool IsSpace(int c) => c == ' ' || (c >= '\t' && c <= '\r');

    internal static bool IsAlnum(int c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
