using System.Globalization;
using System.Text;

namespace WwanProto.ModemSim.Pppd;

/// <summary>
/// pppd's command line (and `file` options files) as pppd 2.4.9 reads them, for the options the product
/// emits: the device and speed positionally, flags, options with one value. Anything else is refused the
/// way pppd refuses it (exit 2).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PppdArguments
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "nodetach", "crtscts", "nocrtscts", "lock", "nolock", "noauth", "noipdefault", "persist", "usepeerdns",
        "defaultroute", "nodefaultroute", "replacedefaultroute", "+ipv6", "noipv6", "noip", "refuse-pap", "refuse-chap",
        "refuse-mschap", "refuse-mschap-v2", "refuse-eap", "debug", "modem", "local",
    };

    private static readonly HashSet<string> Numbers = new(StringComparer.Ordinal)
    {
        "maxfail", "holdoff", "lcp-echo-failure", "lcp-echo-interval", "mtu", "mru",
    };

    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "ipparam", "ifname", "user", "password", "file", "connect", "disconnect", "ip-up-script", "ip-down-script",
        "ipv6-up-script", "ipv6-down-script", "set",
    };

    private static readonly (string, string)[] Opposites =
        [("crtscts", "nocrtscts"), ("+ipv6", "noipv6"), ("lock", "nolock"), ("defaultroute", "nodefaultroute")];

    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _set = [];

    public string? Device { get; private set; }
    public int Speed { get; private set; }
    /// <summary>From an options file only; never printed.</summary>
    public string? Password { get; private set; }
    public IReadOnlyList<KeyValuePair<string, string>> Set => _set;

    public bool Has(string flag) => _flags.Contains(flag);
    public string? Value(string option) => _values.GetValueOrDefault(option);
    public int? Number(string option) => _values.TryGetValue(option, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public string Ifname => Value("ifname") ?? "ppp0";
    public string IpParam => Value("ipparam") ?? "";
    public bool Ipv6 => Has("+ipv6");
    public bool Ipv4 => !Has("noip");
    public bool Lock => Has("lock");

    /// <summary>Throws <see cref="PppdOptionException"/> with pppd's message for the first bad option.</summary>
    public static PppdArguments Parse(IReadOnlyList<string> argv)
    {
        var args = new PppdArguments();
        args.Apply(argv, source: null, depth: 0);
        if (args.Device is null) throw new PppdOptionException("no device specified and stdin is not a tty");
        return args;
    }

    private void Apply(IReadOnlyList<string> argv, string? source, int depth)
    {
        for (var i = 0; i < argv.Count; i++)
        {
            var arg = argv[i];
            string Next() => i + 1 < argv.Count ? argv[++i] : throw new PppdOptionException(In(source, $"too few parameters for option {arg}"));
            if (Flags.Contains(arg))
            {
                // The later of two opposites wins, as in pppd.
                foreach (var (a, b) in Opposites)
                {
                    if (arg == a) _flags.Remove(b);
                    if (arg == b) _flags.Remove(a);
                }
                _flags.Add(arg);
            }
            else if (Numbers.Contains(arg))
            {
                var value = Next();
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    throw new PppdOptionException(In(source, $"invalid numeric parameter '{value}' for {arg} option"));
                _values[arg] = value;
            }
            else if (Words.Contains(arg))
            {
                var value = Next();
                switch (arg)
                {
                    case "file":
                        if (depth > 4) throw new PppdOptionException(In(source, "options files nested too deeply"));
                        Apply(ReadOptionsFile(value), value, depth + 1);
                        break;
                    case "password":
                        Password = value;
                        break;
                    case "set":
                        var eq = value.IndexOf('=');
                        if (eq <= 0) throw new PppdOptionException(In(source, $"set: invalid variable name or value '{value}'"));
                        _set.Add(new(value[..eq], value[(eq + 1)..]));
                        break;
                    default:
                        _values[arg] = value;
                        break;
                }
            }
            else if (arg.StartsWith('/') && source is null && Device is null)
                Device = arg;
            else if (arg.Length > 0 && arg.All(char.IsAsciiDigit) && source is null && Speed == 0)
                Speed = int.Parse(arg, CultureInfo.InvariantCulture);
            else
                throw new PppdOptionException(In(source, $"unrecognized option '{arg}'"));
        }
    }

    private static string In(string? source, string message) => source is null ? message : $"In file {source}: {message}";

    /// <summary>pppd's `file`: must exist and, since it may hold secrets, be readable by its owner only (0600).</summary>
    private static List<string> ReadOptionsFile(string path)
    {
        if (!File.Exists(path)) throw new PppdOptionException($"Can't open options file {path}: No such file or directory");
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                     UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            throw new PppdOptionException($"Can't open options file {path}: it must not be accessible to group or others (mode {Convert.ToString((int)mode, 8)}, expected 600)");
        return Tokenize(File.ReadAllText(path));
    }

    /// <summary>pppd's options-file words: blanks separate, '#' starts a comment, double quotes group, backslash escapes.</summary>
    public static List<string> Tokenize(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false, quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"') quoted = false;
                else if (c == '\\' && i + 1 < text.Length) word.Append(text[++i]);
                else word.Append(c);
                continue;
            }
            if (c == '#' && !inWord)
            {
                while (i < text.Length && text[i] != '\n') i++;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '"') quoted = true;
            else if (c == '\\' && i + 1 < text.Length) word.Append(text[++i]);
            else word.Append(c);
        }
        if (quoted) throw new PppdOptionException("unterminated quoted string in options file");
        if (inWord) words.Add(word.ToString());
        return words;
    }
}

/// <summary>An option pppd would refuse; the message is pppd's.</summary>
public sealed class PppdOptionException(string message) : Exception(message);
