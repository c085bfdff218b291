using System.Globalization;

namespace WwanProto.Core.Modem.Parsers;

/// <summary>
/// Field splitting shared by the parsers: the text after "NAME:" (with or without a space, §2.1), cut at commas
/// outside double quotes, each field trimmed and unquoted. Numbers are parsed invariantly.
/// </summary>
public static class AtFields
{
    /// <summary>The fields of "+CSQ: 22,99" → ["22", "99"]; null when the line does not start with <paramref name="prefix"/>.</summary>
    public static string[]? After(string line, string prefix)
    {
        var text = line.Trim();
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = text[prefix.Length..];
        if (rest.StartsWith(':')) rest = rest[1..];
        else if (!prefix.EndsWith(':')) return null;
        return Split(rest);
    }

    /// <summary>Splits at commas outside quotes; trims and removes the quotes of each field.</summary>
    public static string[] Split(string text)
    {
        var fields = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == ',' && !quoted)
            {
                fields.Add(Unquote(text[start..i]));
                start = i + 1;
            }
        }
        fields.Add(Unquote(text[start..]));
        return fields.ToArray();
    }

    public static string Unquote(string field)
    {
        var f = field.Trim();
        return f.Length >= 2 && f[0] == '"' && f[^1] == '"' ? f[1..^1] : f;
    }

    public static int? Int(string[] fields, int index) =>
        index < fields.Length && int.TryParse(fields[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static long? Long(string[] fields, int index) =>
        index < fields.Length && long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Hex with or without "0x"/"0X", either case; null when empty or not hex.</summary>
    public static ulong? Hex(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) t = t[2..];
        if (t.Length is 0 or > 16) return null;
        return ulong.TryParse(t, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public static string? NonEmpty(string[] fields, int index) =>
        index < fields.Length && fields[index].Length > 0 ? fields[index] : null;
}
