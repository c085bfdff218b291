namespace WwanProto.Core.At;

/// <summary>Unsolicited lines that carry no ^/+ prefix (§2.11) and so cannot be told apart by prefix alone.</summary>
public static class AtUrcs
{
    private static readonly string[] PlainWords = ["RING", "NO CARRIER"];

    public static bool IsPlainUrc(string line)
    {
        var t = line.Trim();
        foreach (var w in PlainWords)
            if (t.Equals(w, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// A URC glued to a final result without a line break ("OK^NDISSTAT:1,,,\"IPV4\""): the split point, or -1.
    /// </summary>
    public static int GluedAfterFinal(string line)
    {
        foreach (var final in (ReadOnlySpan<string>)["OK", "ERROR"])
        {
            if (line.Length > final.Length && line.StartsWith(final, StringComparison.Ordinal)
                && line[final.Length] is '^' or '+')
                return final.Length;
        }
        return -1;
    }
}
