namespace WwanProto.Uci;

/// <summary>Reading the config file syntax (libuci file.c): package / config / option / list lines.</summary>
public sealed partial class UciContext
{
    /// <summary>
    /// uci_import: parse a stream. With name, the stream is that package (single: later `package` lines are
    /// ignored); without, `package` lines switch packages. A non-null package with single merges into it.
    /// Every package read is added to Root.
    /// </summary>
    public void Import(ByteInput input, string? name, ref UciPackage? package, bool single)
    {
        Cleanup();
        var pctx = Pctx = new ParseContext { File = input };
        if (package is not null && single)
        {
            pctx.Package = package;
            pctx.Merge = true;
        }
        if (name is not null)
        {
            if (!UciNames.IsValidPackage(name))
                throw new UciException(UciError.Invalid);
            pctx.Name = name;
        }

        while (!input.Eof)
        {
            pctx.Pos = 0;
            pctx.GetLine(0);
            try
            {
                if (pctx.Buf[0] != 0)
                    ParseLine(pctx, single);
            }
            catch (UciException e)
            {
                if (PrintParseErrors)
                    Perror(null, e.Error);
                if (e.Error != UciError.Parse || Strict)
                    throw;
            }
        }

        if (pctx.Package is null && name is not null)
            SwitchConfig(pctx);
        package = pctx.Package;
        if (pctx.Merge)
            pctx.Package = null;
        pctx.Name = null;
        SwitchConfig(pctx);
        Cleanup();
    }

    private void SwitchConfig(ParseContext pctx)
    {
        if (pctx.Package is not null)
        {
            Root.Add(pctx.Package);
            pctx.Package = null;
            pctx.Section = null;
        }
        if (pctx.Name is null)
            return;
        if (FindLoaded(pctx.Name) is not null)
            throw new UciException(UciError.Duplicate);
        pctx.Package = new UciPackage(pctx.Name);
    }

    private void ParseLine(ParseContext pctx, bool single)
    {
        pctx.SkipWhitespace();
        while (true)
        {
            int w = pctx.Strtok(pctx.Pos);
            if (w < 0)
                return;
            var word = pctx.Str(w);
            var rest = word.Length > 1 ? word[1..] : "";
            switch (word[0])
            {
                case '#':
                    return;
                case 'p' when rest is "" or "ackage":
                    ParsePackage(pctx, single);
                    break;
                case 'c' when rest is "" or "onfig":
                    ParseConfig(pctx);
                    break;
                case 'o' when rest is "" or "ption":
                    ParseOption(pctx, false);
                    break;
                case 'l' when rest is "" or "ist":
                    ParseOption(pctx, true);
                    break;
                default:
                    throw pctx.Error("invalid command");
            }
        }
    }

    private void ParsePackage(ParseContext pctx, bool single)
    {
        if (!pctx.IncreasePos(pctx.StrLen(pctx.Pos) + 1))
            throw pctx.Error("package without name");
        int n = pctx.NextArg(true, true, true);
        pctx.AssertEol(Strict);
        if (single)
            return;
        pctx.Name = pctx.Str(n);
        SwitchConfig(pctx);
    }

    private void ParseConfig(ParseContext pctx)
    {
        if (pctx.Package is null)
        {
            if (pctx.Name is null)
                throw pctx.Error("attempting to import a file without a package name");
            SwitchConfig(pctx);
        }
        if (!pctx.IncreasePos(pctx.StrLen(pctx.Pos) + 1))
            throw pctx.Error("config without name");
        int t = pctx.NextArg(true, false, false);
        if (!UciNames.IsValidType(pctx.Str(t)))
            throw pctx.Error("invalid character in type field");
        int n = pctx.NextArg(false, true, false);
        pctx.AssertEol(Strict);
        var type = pctx.Str(t);
        var name = pctx.Str(n);
        var p = pctx.Package!;

        if (name.Length == 0)
        {
            pctx.Section = AddSection(p, type, pctx.Merge);
            return;
        }
        var existing = p.FindSection(name);
        if (existing is not null && Strict && existing.Type != type)
            throw pctx.Error("section of different type overwrites prior section with same name");
        var ptr = new UciPtr { P = p, Package = p.Name, S = existing, Section = name, Value = type, Flags = UciLookup.Done };
        Set(ptr, pctx.Merge);
        pctx.Section = ptr.S;
    }

    private void ParseOption(ParseContext pctx, bool list)
    {
        var s = pctx.Section ?? throw pctx.Error("option/list command found before the first section");
        if (!pctx.IncreasePos(pctx.StrLen(pctx.Pos) + 1))
            throw pctx.Error("option without name");
        int n = pctx.NextArg(true, true, false);
        int v = pctx.NextArg(false, false, false);
        pctx.AssertEol(Strict);
        var name = pctx.Str(n);
        var ptr = new UciPtr
        {
            P = s.Package, Package = s.Package.Name, S = s, Section = s.Name,
            O = s.FindOption(name), Option = name, Value = pctx.Str(v), Flags = UciLookup.Done,
        };
        if (list)
            AddList(ptr, pctx.Merge);
        else
            Set(ptr, pctx.Merge);
    }

    /// <summary>
    /// uci_parse_argument: the next shell-like argument of the current line (batch input, change files);
    /// continueLine=false reads a new line first. Empty string at the end of the line.
    /// </summary>
    public string ParseArgument(ByteInput stream, bool continueLine)
    {
        if (Pctx is not null && Pctx.File != stream)
            Cleanup();
        Pctx ??= new ParseContext();
        Pctx.File = stream;
        if (!continueLine)
        {
            Pctx.Pos = 0;
            Pctx.GetLine(0);
        }
        return Pctx.Str(Pctx.NextArg(false, false, false));
    }
}
