namespace WwanProto.ModemSim.At;

/// <summary>One command out of an AT line: "+CPIN" with op "?" , "E" with args "0", "D" with the dial string.</summary>
/// <param name="Name">Upper-case name: "+CGDCONT", "^NDISDUP", "E", "&amp;C", "S0", "D".</param>
/// <param name="Op">"" (action/basic), "?", "=", "=?".</param>
/// <param name="Args">Everything after "=" (extended), the digits (basic) or the dial string.</param>
public sealed record AtCommand(string Name, string Op, string Args)
{
    public bool IsQuery => Op == "?";
    public bool IsTest => Op == "=?";
    public bool IsSet => Op == "=";
    public bool IsAction => Op == "";
    public bool IsExtended => Name.Length > 0 && Name[0] is '+' or '^' or '$' or '%';

    public IReadOnlyList<AtArg> Arguments => AtArg.Split(Args);

    public override string ToString() => Name + Op + Args;
}

/// <summary>One comma-separated argument; <see cref="Quoted"/> tells "" from an absent value.</summary>
public readonly record struct AtArg(string Value, bool Quoted)
{
    public bool IsEmpty => !Quoted && Value.Length == 0;

    public int? Int => int.TryParse(Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    public static IReadOnlyList<AtArg> Split(string text)
    {
        var list = new List<AtArg>();
        if (text.Length == 0) return list;
        var current = new System.Text.StringBuilder();
        bool quoted = false, inQuote = false;
        foreach (var c in text)
        {
            if (inQuote)
            {
                if (c == '"') inQuote = false;
                else current.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': inQuote = true; quoted = true; break;
                case ',':
                    list.Add(new AtArg(quoted ? current.ToString() : current.ToString().Trim(), quoted));
                    current.Clear();
                    quoted = false;
                    break;
                default: current.Append(c); break;
            }
        }
        list.Add(new AtArg(quoted ? current.ToString() : current.ToString().Trim(), quoted));
        return list;
    }
}
