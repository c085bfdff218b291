namespace WwanProto.ModemSim.At;

/// <summary>
/// Splits one command line (without CR) into commands the way a V.250 engine reads it: basic commands
/// chained without separators ("ATQ0 V1 E1 S0=0 &amp;C1"), extended ones separated by ';' ("AT+CMEE=1;+CREG=2"),
/// a dial command taking the rest of the line.
/// </summary>
public static class AtLineParser
{
    /// <summary>Null when the line is not an AT command line (the engine ignores it).</summary>
    public static IReadOnlyList<AtCommand>? Parse(string line, out bool malformed)
    {
        malformed = false;
        var text = line.Trim(' ', '\t', '\0', '\n');
        if (text.Length < 2 || (text[0] != 'A' && text[0] != 'a') || (text[1] != 'T' && text[1] != 't')) return null;
        var body = text[2..];
        var commands = new List<AtCommand>();
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c is ' ' or '\t' or ';') { i++; continue; }
            if (c is '+' or '^' or '$' or '%')
            {
                var start = i++;
                while (i < body.Length && (char.IsLetterOrDigit(body[i]) || body[i] is '_' or '.')) i++;
                var name = body[start..i].ToUpperInvariant();
                if (name.Length == 1) { malformed = true; return commands; }
                if (i + 1 < body.Length && body[i] == '=' && body[i + 1] == '?') { commands.Add(new(name, "=?", "")); i += 2; continue; }
                if (i < body.Length && body[i] == '?') { commands.Add(new(name, "?", "")); i++; continue; }
                if (i < body.Length && body[i] == '=')
                {
                    var argStart = ++i;
                    var inQuote = false;
                    while (i < body.Length && (inQuote || body[i] != ';'))
                    {
                        if (body[i] == '"') inQuote = !inQuote;
                        i++;
                    }
                    commands.Add(new(name, "=", body[argStart..i]));
                    continue;
                }
                commands.Add(new(name, "", ""));
                continue;
            }
            if (c is 'D' or 'd')
            {
                commands.Add(new("D", "", body[(i + 1)..].Trim()));
                break;
            }
            if (c == '&')
            {
                if (i + 1 >= body.Length || !char.IsLetter(body[i + 1])) { malformed = true; return commands; }
                var name = "&" + char.ToUpperInvariant(body[i + 1]);
                i += 2;
                commands.Add(new(name, "", Digits(body, ref i)));
                continue;
            }
            if (c is 'S' or 's' && i + 1 < body.Length && char.IsDigit(body[i + 1]))
            {
                i++;
                var reg = Digits(body, ref i);
                if (i < body.Length && body[i] == '?') { commands.Add(new("S" + reg, "?", "")); i++; continue; }
                if (i < body.Length && body[i] == '=') { i++; commands.Add(new("S" + reg, "=", Digits(body, ref i))); continue; }
                commands.Add(new("S" + reg, "", ""));
                continue;
            }
            if (char.IsLetter(c))
            {
                i++;
                commands.Add(new(char.ToUpperInvariant(c).ToString(), "", Digits(body, ref i)));
                continue;
            }
            malformed = true;
            return commands;
        }
        return commands;
    }

    private static string Digits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsDigit(s[i])) i++;
        return s[start..i];
    }
}
