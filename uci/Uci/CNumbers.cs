namespace WwanProto.Uci;

/// <summary>The C number parsers uci relies on (strtol, strtoul, sscanf "%d"), with their leniencies.</summary>
internal static class CNumbers
{
    /// <summary>strtol(s, &amp;end, 10) with the check "*end == 0": true when the whole string was consumed.</summary>
    public static bool StrToL(string s, out long value)
    {
        Prefix(s, out bool neg, out ulong mag, out bool any, out int digitsEnd);
        value = neg ? (mag > (ulong)long.MaxValue ? long.MinValue : -(long)mag) : (long)Math.Min(mag, long.MaxValue);
        // With no digits strtol leaves the end pointer at the start: only an empty string passes the check.
        return any ? digitsEnd == s.Length : s.Length == 0;
    }

    /// <summary>strtoul(s, NULL, 10) converted to int the way C does it (low 32 bits).</summary>
    public static int StrToULAsInt(string s)
    {
        Prefix(s, out bool neg, out ulong mag, out _, out _);
        ulong v = neg ? unchecked(0UL - mag) : mag;
        return unchecked((int)(uint)v);
    }

    /// <summary>sscanf(s, "%d", &amp;x): 1 on success, 0 when no number starts the text, -1 (EOF) on empty input.</summary>
    public static int ScanInt(string s, out int value)
    {
        value = 0;
        int i = 0;
        while (i < s.Length && UciText.IsSpace(s[i]))
            i++;
        if (i == s.Length)
            return -1;
        Prefix(s, out bool neg, out ulong mag, out bool any, out _);
        if (!any)
            return 0;
        value = unchecked((int)(neg ? 0UL - mag : mag));
        return 1;
    }

    private static int Prefix(string s, out bool neg, out ulong mag, out bool any, out int end)
    {
        int i = 0;
        while (i < s.Length && UciText.IsSpace(s[i]))
            i++;
        neg = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            neg = s[i] == '-';
            i++;
        }
        mag = 0;
        any = false;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9')
        {
            ulong next = unchecked(mag * 10 + (ulong)(s[i] - '0'));
            mag = next < mag ? ulong.MaxValue : next;
            any = true;
            i++;
        }
        end = any ? i : 0;
        return i;
    }
}
