namespace WwanProto.ModemSim.HiLink;

/// <summary>One request the stick's web server received (header names lower-cased).</summary>
public sealed record WebRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;

    /// <summary>The SessionID cookie's value, if sent.</summary>
    public string? SessionId =>
        Header("cookie")?.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("SessionID=", StringComparison.Ordinal))?["SessionID=".Length..];

    /// <summary>The text of &lt;name&gt; in the body (the firmware reads its flat requests no more cleverly).</summary>
    public string? Field(string name)
    {
        var open = Body.IndexOf($"<{name}>", StringComparison.Ordinal);
        if (open < 0) return null;
        var start = open + name.Length + 2;
        var close = Body.IndexOf($"</{name}>", start, StringComparison.Ordinal);
        return close < 0 ? null : System.Net.WebUtility.HtmlDecode(Body[start..close]);
    }
}

/// <summary>The firmware's answer: body XML and extra headers (Set-Cookie, tokens).</summary>
public sealed record WebResponse(string Body, IReadOnlyList<KeyValuePair<string, string>> Headers);
