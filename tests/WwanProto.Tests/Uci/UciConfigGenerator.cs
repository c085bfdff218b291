using System.Text;

namespace WwanProto.Tests.Uci;

/// <summary>
/// Random UCI files with hostile values, written in every quoting style uci reads (single, double, bare with
/// backslash escapes, concatenations, ';'-joined commands, comments), together with the model they mean.
/// Strings hold one byte per char, like the library.
/// </summary>
internal sealed class UciConfigGenerator(int seed)
{
    private readonly Random _rng = new(seed);

    // Quotes, backslashes, newlines, tabs, CR, comment and separator characters, '=', '.', '$', high bytes.
    private static readonly string[] Pieces =
        ["a", "Z", "0", "_", " ", "  ", "'", "\"", "\\", "\\\\", "\n", "\t", "\r", "#", ";", "=", ".", "$(x)", "`", "\u00c3\u00a9", "\u00ff", "'\\''", "-", "/"];

    // uci writes a section type bare, so types keep to characters that read back unchanged.
    private static readonly string[] TypeChars = ["a", "b", "z", "_", "-", "9", ".", "+", "@", ":"];

    public sealed record Section(string? Name, string Type, List<(string Name, string? Value, List<string>? Items)> Options);

    public string Value(int maxPieces = 6)
    {
        var sb = new StringBuilder();
        int n = _rng.Next(0, maxPieces + 1);
        for (int i = 0; i < n; i++)
            sb.Append(Pieces[_rng.Next(Pieces.Length)]);
        return sb.ToString();
    }

    private string Name(string prefix) => prefix + _rng.Next(0, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Type()
    {
        var sb = new StringBuilder("t");
        int n = _rng.Next(0, 5);
        for (int i = 0; i < n; i++)
            sb.Append(TypeChars[_rng.Next(TypeChars.Length)]);
        return sb.ToString();
    }

    public List<Section> Model()
    {
        var sections = new List<Section>();
        var used = new HashSet<string>();
        int count = _rng.Next(1, 7);
        for (int s = 0; s < count; s++)
        {
            string? name = _rng.Next(3) == 0 ? null : Name("s");
            if (name is not null && !used.Add(name))
                name = null;
            var options = new List<(string, string?, List<string>?)>();
            var names = new HashSet<string>();
            int oc = _rng.Next(0, 6);
            for (int o = 0; o < oc; o++)
            {
                var on = Name("o");
                if (!names.Add(on))
                    continue;
                if (_rng.Next(3) == 0)
                {
                    var items = new List<string>();
                    int ic = _rng.Next(1, 4);
                    for (int i = 0; i < ic; i++)
                        items.Add(Value());
                    options.Add((on, null, items));
                }
                else
                {
                    options.Add((on, Value(), null));
                }
            }
            sections.Add(new Section(name, Type(), options));
        }
        return sections;
    }

    /// <summary>The file text for the model, each value quoted in a randomly chosen (possibly mixed) style.</summary>
    public string Text(List<Section> model)
    {
        var sb = new StringBuilder();
        if (_rng.Next(2) == 0)
            sb.Append("# generated\n");
        foreach (var s in model)
        {
            sb.Append(_rng.Next(2) == 0 ? "config " : "c ").Append(s.Type);
            if (s.Name is not null)
                sb.Append(' ').Append(Quote(s.Name));
            // "config TYPE; option ..." would hand "option" to the config line as a name-less section's
            // extra argument (an error in uci too), so only a named section line may be ';'-joined.
            bool joined = s.Name is null;
            foreach (var (name, value, items) in s.Options)
            {
                var word = items is null ? (_rng.Next(2) == 0 ? "option" : "o") : (_rng.Next(2) == 0 ? "list" : "l");
                foreach (var v in items ?? [value!])
                {
                    if (!joined && _rng.Next(4) == 0)
                    {
                        // A bare word directly followed by ';' gets its terminator written over the ';'
                        // (libuci decodes in place), which drops the rest of the line; so " ; ".
                        sb.Append(" ; ");
                        joined = true;
                    }
                    else
                    {
                        sb.Append(_rng.Next(4) == 0 ? " # note\n" : "\n").Append(_rng.Next(2) == 0 ? "\t" : "  ");
                    }
                    sb.Append(word).Append(' ').Append(name).Append(' ').Append(Quote(v));
                }
            }
            sb.Append('\n');
            if (_rng.Next(3) == 0)
                sb.Append('\n');
        }
        return sb.ToString();
    }

    private string Quote(string v)
    {
        if (v.Length >= 2 && _rng.Next(4) == 0)
        {
            int cut = _rng.Next(1, v.Length);
            return QuoteOne(v[..cut]) + QuoteOne(v[cut..]);
        }
        return QuoteOne(v);
    }

    private string QuoteOne(string v)
    {
        switch (_rng.Next(3))
        {
            case 0:
                return "'" + v.Replace("'", "'\\''") + "'";
            case 1:
                return "\"" + v.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
            default:
                if (v.Length == 0 || v.Contains('\n') || v.Contains('\r'))
                    return "'" + v.Replace("'", "'\\''") + "'";
                var sb = new StringBuilder();
                foreach (var c in v)
                {
                    if (c is ' ' or '\t' or '\'' or '"' or '\\' or '#' or ';')
                        sb.Append('\\');
                    sb.Append(c);
                }
                return sb.ToString();
        }
    }

    /// <summary>What uci makes of the model: an `option` with an empty value is not stored; anonymous
    /// sections are named cfgNNhhhh by position and type.</summary>
    public static string Expected(List<Section> model)
    {
        var sb = new StringBuilder();
        int counter = 0;
        foreach (var s in model)
        {
            counter++;
            var name = s.Name ?? "cfg" + counter.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + (TypeHash(s.Type) % 65536).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
            sb.Append("section ").Append(name).Append(" type=").Append(s.Type).Append(s.Name is null ? " anon" : "").Append('\n');
            foreach (var (on, value, items) in s.Options)
            {
                if (items is not null)
                    foreach (var i in items)
                        sb.Append("  list ").Append(on).Append('=').Append(Escape(i)).Append('\n');
                else if (value!.Length > 0)
                    sb.Append("  option ").Append(on).Append('=').Append(Escape(value)).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static uint TypeHash(string type)
    {
        uint h = 5381;
        foreach (var c in type)
            h = unchecked(h * 33 + (uint)(sbyte)(byte)c);
        return h & 0x7FFFFFFF;
    }

    private static string Escape(string v) => v.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
}
