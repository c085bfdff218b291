namespace WwanProto.Uci.Cli;

/// <summary>
/// GNU getopt as uci's main() sees it: options may follow operands (argv is permuted), "--" ends
/// options, clustered flags and attached arguments work, errors are printed glibc's way.
/// </summary>
internal sealed class GetOpt(string[] args, string optstring, string appname, Action<string> error)
{
    private int _index;
    private int _cluster;

    public List<string> Operands { get; } = new();

    /// <summary>The next option character ('?' on error, -1 when done); arg receives its argument.</summary>
    public int Next(out string? arg)
    {
        arg = null;
        while (_cluster == 0)
        {
            if (_index >= args.Length)
                return -1;
            var a = args[_index];
            if (a == "--")
            {
                _index++;
                while (_index < args.Length)
                    Operands.Add(args[_index++]);
                return -1;
            }
            if (a.Length < 2 || a[0] != '-')
            {
                Operands.Add(a);
                _index++;
                continue;
            }
            _cluster = 1;
        }

        var cur = args[_index];
        char c = cur[_cluster++];
        int spec = optstring.IndexOf(c);
        bool last = _cluster >= cur.Length;
        if (spec < 0 || c == ':')
        {
            error($"{appname}: invalid option -- '{c}'\n");
            Advance(last);
            return '?';
        }
        bool wantsArg = spec + 1 < optstring.Length && optstring[spec + 1] == ':';
        if (!wantsArg)
        {
            Advance(last);
            return c;
        }
        if (!last)
        {
            arg = cur[_cluster..];
            Advance(true);
            return c;
        }
        Advance(true);
        if (_index >= args.Length)
        {
            error($"{appname}: option requires an argument -- '{c}'\n");
            return '?';
        }
        arg = args[_index++];
        return c;
    }

    private void Advance(bool endOfCluster)
    {
        if (endOfCluster)
        {
            _cluster = 0;
            _index++;
        }
    }
}
