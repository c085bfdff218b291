namespace WwanProto.Core.At;

/// <summary>
/// What answer lines a command can produce, worked out from its text: "AT+CSQ" expects "+CSQ:" lines,
/// "AT+CMEE=1;+CREG?" expects "+CMEE:" and "+CREG:", ATI and AT+CGMI answer with bare lines. Any other line
/// arriving while the command is in flight is a URC (huawei-modems.md §2.11: URCs are not held back).
/// </summary>
public sealed class AtCommandShape
{
    /// <summary>Extended commands whose answer is a bare value without a "+NAME:" prefix (3GPP 27.007 §5).</summary>
    private static readonly string[] BareAnswerCommands = ["+CGMI", "+CGMM", "+CGMR", "+CGSN", "+CIMI", "+GMI", "+GMM", "+GMR", "+GSN"];

    /// <summary>SMS commands whose answer in PDU mode is a "+NAME:" line followed by a bare PDU in hex (3GPP 27.005 §3.4.2, §3.4.3).</summary>
    private static readonly string[] PduAnswerCommands = ["+CMGL", "+CMGR"];

    private static readonly string[] RegistrationPrefixes = ["+CREG:", "+CGREG:", "+CEREG:"];

    private readonly List<string> _prefixes = [];

    public string Command { get; }

    /// <summary>The "+NAME:" / "^NAME:" prefixes an answer line may start with (compared case-insensitively).</summary>
    public IReadOnlyList<string> Prefixes => _prefixes;

    /// <summary>The command answers with bare lines (ATI, AT+CGMI ...).</summary>
    public bool AcceptsBareLines { get; private set; }

    /// <summary>The command answers with PDUs: bare lines of hex digits belong to it.</summary>
    public bool AcceptsPduLines { get; private set; }

    /// <summary>ATD...: the answer may be CONNECT, after which the port carries data, not lines.</summary>
    public bool IsDial { get; private set; }

    private AtCommandShape(string command) => Command = command;

    public static AtCommandShape Of(string command)
    {
        var shape = new AtCommandShape(command);
        var text = command.Trim();
        if (text.Length < 2 || !text.StartsWith("AT", StringComparison.OrdinalIgnoreCase)) return shape;
        foreach (var part in SplitCommands(text[2..]))
            shape.Add(part);
        return shape;
    }

    private void Add(string part)
    {
        if (part.Length == 0) return;
        if (part[0] is '+' or '^' or '%' or '$' or '*')
        {
            var end = part.IndexOfAny(['=', '?']);
            var name = (end < 0 ? part : part[..end]).Trim().ToUpperInvariant();
            if (name.Length <= 1) return;
            _prefixes.Add(name + ":");
            if (Array.IndexOf(BareAnswerCommands, name) >= 0) AcceptsBareLines = true;
            if (Array.IndexOf(PduAnswerCommands, name) >= 0) AcceptsPduLines = true;
            return;
        }
        // Basic commands may be chained without separators ("ATE0V1"); only I and D produce answers we keep.
        var upper = part.ToUpperInvariant();
        if (upper[0] == 'D') IsDial = true;
        else if (upper[0] == 'I' && (upper.Length == 1 || char.IsAsciiDigit(upper[1])))
        {
            AcceptsBareLines = true;
            _prefixes.Add("+GCAP:");
        }
    }

    /// <summary>Splits "+CMEE=1;+CREG=2" at semicolons outside quotes; a dial string ends the list (its ';' means voice).</summary>
    private static IEnumerable<string> SplitCommands(string text)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') quoted = !quoted;
            else if (c == ';' && !quoted)
            {
                var part = text[start..i].Trim();
                yield return part;
                if (part.Length > 0 && char.ToUpperInvariant(part[0]) == 'D') yield break;
                start = i + 1;
            }
        }
        if (start < text.Length) yield return text[start..].Trim();
    }

    /// <summary>Whether <paramref name="line"/> (neither echo nor final result) belongs to this command's answer.</summary>
    public bool IsAnswerLine(string line)
    {
        foreach (var prefix in _prefixes)
        {
            if (!line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            if (IsRegistrationPrefix(prefix)) return IsRegistrationQueryForm(line);
            return true;
        }
        if (AcceptsPduLines && IsHex(line)) return true;
        if (!AcceptsBareLines || line.Length == 0) return false;
        if (line[0] is '^' or '+' or '*' or '%' or '$') return false;
        // Line noise (bytes above 0x7e survive framing) is never an identity string.
        foreach (var c in line)
            if (c > '~') return false;
        return !AtUrcs.IsPlainUrc(line);
    }

    /// <summary>A PDU line: an even number of hex digits, nothing else.</summary>
    public static bool IsHex(string line)
    {
        var t = line.Trim();
        if (t.Length == 0 || t.Length % 2 != 0) return false;
        foreach (var c in t)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    private static bool IsRegistrationPrefix(string prefix) => Array.IndexOf(RegistrationPrefixes, prefix) >= 0;

    /// <summary>
    /// The answer to +CREG? carries &lt;n&gt;,&lt;stat&gt;[,...]; the URC carries &lt;stat&gt;[,lac,ci[,act]] (§2.5).
    /// A URC can arrive inside the query's answer, so they are told apart by shape: in the answer the second field
    /// is a one-digit stat, in the URC it is a 4+ digit hex LAC.
    /// </summary>
    public static bool IsRegistrationQueryForm(string line)
    {
        var colon = line.IndexOf(':');
        if (colon < 0) return false;
        var fields = line[(colon + 1)..].Split(',');
        return fields.Length >= 2 && IsSmallNumber(fields[0]) && IsSmallNumber(fields[1]);
    }

    private static bool IsSmallNumber(string field)
    {
        var f = field.Trim();
        return f.Length is 1 or 2 && char.IsAsciiDigit(f[0]) && (f.Length == 1 || char.IsAsciiDigit(f[1]));
    }

    /// <summary>
    /// Whether <paramref name="line"/> is the modem echoing <paramref name="command"/> back, whole or in part
    /// (a fragment lost to a buffer overrun or a port opened mid-echo).
    /// </summary>
    public static bool IsEcho(string line, string command)
    {
        var l = line.Trim();
        var c = command.Trim();
        if (l.Length == 0) return false;
        if (c.StartsWith(l, StringComparison.OrdinalIgnoreCase)) return l.Length >= 2 || c.Length == 1;
        if (l.StartsWith(c, StringComparison.OrdinalIgnoreCase)) return true;
        return l.Length >= 3 && c.EndsWith(l, StringComparison.OrdinalIgnoreCase);
    }
}
