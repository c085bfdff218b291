namespace WwanProto.Core.Config;

/// <summary>
/// What each user-typed value may contain. These values end up inside AT commands, so anything that
/// could close a quoted AT argument or start another command (quote, CR, LF, ';', NUL) is refused here,
/// before any I/O. Each rule returns a message for the user, or null when the value is fine.
/// Hand-written character checks rather than Regex: the regex engine would add hundreds of KB to the binary.
/// </summary>
public static class ValueRules
{
    public static string? Apn(string value)
    {
        if (value.Length is 0 or > 100) return "an APN is 1 to 100 characters long";
        if (Forbidden(value) is { } bad) return bad;
        return All(value, c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@') ? null
            : "an APN may contain only letters, digits, '.', '-', '_' and '@'";
    }

    public static string? Credential(string value)
    {
        if (value.Length > 127) return "at most 127 characters";
        if (Forbidden(value) is { } bad) return bad;
        return All(value, c => c >= 0x20 && c <= 0x7e) ? null : "only printable ASCII characters are allowed";
    }

    public static string? Pin(string value) =>
        value.Length is >= 4 and <= 8 && All(value, char.IsAsciiDigit) ? null : "a PIN is 4 to 8 digits";

    public static string? DialNumber(string value)
    {
        if (Forbidden(value) is { } bad) return bad;
        return value.Length is >= 1 and <= 32 && All(value, c => char.IsAsciiDigit(c) || c is '*' or '#' or '+') ? null
            : "a dial string is 1 to 32 of 0-9 * # +";
    }

    public static string? Plmn(string value) =>
        value == "0" || (value.Length is 5 or 6 && All(value, char.IsAsciiDigit)) ? null
            : "a PLMN is 5 or 6 digits (MCC and MNC), or 0 for automatic";

    /// <summary>hilink_probe: an IPv4 address, a host name, or "[IPv6]", each with an optional ":port" (1-65535).</summary>
    public static string? ProbeTarget(string value)
    {
        const string expected = "expected host[:port]: an IPv4 address, a host name or [IPv6 address], port 1-65535";
        if (value.Length is 0 or > 255) return expected;
        if (Forbidden(value) is { } bad) return bad;
        return ProbeEndpoint.TryParse(value, out _, out _) ? null : expected;
    }

    public static string? Keepalive(string value)
    {
        if (value == "0") return null;
        var parts = value.Split(' ');
        return parts.Length == 2 && parts[0].Length is >= 1 and <= 3 && parts[1].Length is >= 1 and <= 4
            && All(parts[0], char.IsAsciiDigit) && All(parts[1], char.IsAsciiDigit) ? null
            : "\"<failures> <interval>\" as two numbers, e.g. \"5 10\", or 0 to disable";
    }

    public static string? Device(string value)
    {
        if (value.Length is 0 or > 255) return "1 to 255 characters";
        if (Forbidden(value) is { } bad) return bad;
        if (value == "auto") return null;
        if (value.StartsWith("imei:", StringComparison.Ordinal))
            return value.Length == 20 && All(value.AsSpan(5).ToString(), char.IsAsciiDigit) ? null : "imei: takes 15 digits";
        if (value.StartsWith("/sys/", StringComparison.Ordinal) || value.StartsWith("/dev/", StringComparison.Ordinal))
            return All(value, c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':') ? null
                : "a path may contain only letters, digits and / . _ - :";
        if (IsVidPid(value)) return null;
        if (IsUsbPortPath(value)) return null;
        return "expected auto, a USB path (1-1.2 or /sys/bus/usb/devices/...), vid:pid[@n], imei:<15 digits>, or a /dev path";
    }

    /// <summary>"12d1:1506" or "12d1:1506@2".</summary>
    private static bool IsVidPid(string value)
    {
        var at = value.IndexOf('@');
        var id = at < 0 ? value : value[..at];
        if (at >= 0 && (at == value.Length - 1 || !All(value[(at + 1)..], char.IsAsciiDigit))) return false;
        return id.Length == 9 && id[4] == ':' && All(id[..4], char.IsAsciiHexDigit) && All(id[5..], char.IsAsciiHexDigit);
    }

    /// <summary>A kernel USB port name: "1-1", "2-1.4.3", optionally with ":1.0" for an interface.</summary>
    private static bool IsUsbPortPath(string value)
    {
        var dash = value.IndexOf('-');
        if (dash <= 0 || dash == value.Length - 1 || !All(value[..dash], char.IsAsciiDigit)) return false;
        return All(value[(dash + 1)..], c => char.IsAsciiDigit(c) || c is '.' or ':')
            && char.IsAsciiDigit(value[dash + 1]) && char.IsAsciiDigit(value[^1]);
    }

    /// <summary>Characters that could break out of a quoted AT argument or inject a second command.</summary>
    public static string? Forbidden(string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': return "contains a double quote (\"), which would end the AT argument";
                case '\r': return "contains a carriage return";
                case '\n': return "contains a line feed";
                case ';': return "contains ';', which would start another AT command";
                case '\0': return "contains a NUL character";
                case '\\': return "contains a backslash, which the modem treats as an escape";
            }
        }
        return null;
    }

    private static bool All(string value, Func<char, bool> allowed)
    {
        foreach (var c in value)
            if (!allowed(c)) return false;
        return true;
    }
}
