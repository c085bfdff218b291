namespace WwanProto.Uci.Cli;

public sealed partial class UciCli
{
    private int PackageCommands(Cmd cmd, List<string> argv)
    {
        if (argv.Count > 2)
            return 255;
        if (argv.Count == 2)
            return PackageCommand(cmd, argv[1]);
        List<string> configs;
        try
        {
            configs = _ctx.ListConfigs();
        }
        catch (UciException e)
        {
            CliPerror(e.Error);
            return 1;
        }
        foreach (var name in configs)
            PackageCommand(cmd, name);
        return 0;
    }

    private int PackageCommand(Cmd cmd, string tuple)
    {
        UciPtr ptr;
        try
        {
            ptr = _ctx.LookupPtr(tuple, true);
        }
        catch (UciException e)
        {
            CliPerror(e.Error);
            return 1;
        }
        try
        {
            switch (cmd)
            {
                case Cmd.Changes:
                    ShowChanges(ptr.P!);
                    break;
                case Cmd.Commit:
                    if (_noCommit)
                        return 0;
                    try
                    {
                        _ctx.Commit(ref ptr.P!, false);
                    }
                    catch (UciException e)
                    {
                        CliPerror(e.Error);
                        return 1;
                    }
                    break;
                case Cmd.Export:
                    _out.Write(UciExport.Write(ptr.P!, true, _ctx.ExportNames));
                    break;
                case Cmd.Show:
                    if (!ptr.IsComplete)
                    {
                        CliPerror(UciError.NotFound);
                        return 1;
                    }
                    if (ptr.O is not null)
                        ShowOption(ptr.O, null, true);
                    else if (ptr.S is not null)
                        ShowSection(ptr.S, null);
                    else
                        ShowPackage(ptr.P!);
                    break;
            }
            return 0;
        }
        finally
        {
            if (ptr.P is not null)
                _ctx.Unload(ptr.P);
        }
    }

    private void ShowValue(UciOption o, bool quote)
    {
        if (!o.IsList)
        {
            _out.Write((quote ? UciText.Quote(o.Value!) : o.Value!) + "\n");
            return;
        }
        var sb = new System.Text.StringBuilder();
        bool sep = false;
        foreach (var item in o.Items!)
        {
            if (sep)
                sb.Append(_delimiter);
            bool space = item.AsSpan().IndexOfAny(" \t\r\n") >= 0;
            sb.Append(!space && !quote ? item : UciText.Quote(item));
            sep = true;
        }
        sb.Append('\n');
        _out.Write(sb.ToString());
    }

    private void ShowOption(UciOption o, string? sectionRef, bool quote)
    {
        _out.Write(o.Section.Package.Name + "." + (sectionRef ?? o.Section.Name) + "." + o.Name + "=");
        ShowValue(o, quote);
    }

    private void ShowSection(UciSection s, string? sectionRef)
    {
        _out.Write(s.Package.Name + "." + (sectionRef ?? s.Name) + "=" + s.Type + "\n");
        foreach (var o in s.Options)
            ShowOption(o, sectionRef, true);
    }

    /// <summary>With extended syntax anonymous sections show as @type[i], i counting all sections of that type.</summary>
    private void ShowPackage(UciPackage p)
    {
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in p.Sections)
        {
            string sref = s.Name;
            if (_showExt)
            {
                counters.TryGetValue(s.Type, out int idx);
                if (s.Anonymous)
                    sref = "@" + s.Type + "[" + idx.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
                counters[s.Type] = idx + 1;
            }
            ShowSection(s, sref);
        }
    }

    private void ShowChanges(UciPackage p)
    {
        foreach (var h in p.SavedDelta)
        {
            string prefix = h.Command == UciDeltaCommand.Remove ? "-" : "";
            string op = h.Command switch
            {
                UciDeltaCommand.ListAdd => "+=",
                UciDeltaCommand.ListDel => "-=",
                _ => "=",
            };
            var line = prefix + p.Name + "." + h.Section;
            if (h.Option is not null)
                line += "." + h.Option;
            if (h.Command != UciDeltaCommand.Remove)
                line += op + UciText.Quote(h.Value ?? "");
            _out.Write(line + "\n");
        }
    }

    private int SectionCommand(Cmd cmd, List<string> argv)
    {
        if (argv.Count != 2)
            return 255;
        UciPtr ptr;
        try
        {
            ptr = _ctx.LookupPtr(argv[1], true);
        }
        catch (UciException e)
        {
            CliPerror(e.Error);
            return 1;
        }
        if (ptr.Value is not null && cmd is Cmd.Get or Cmd.Revert)
            return 1;

        var err = UciError.Ok;
        int ret = 0;
        try
        {
            switch (cmd)
            {
                case Cmd.Get:
                    if (!ptr.IsComplete)
                    {
                        CliPerror(UciError.NotFound);
                        return 1;
                    }
                    if (ptr.O is not null)
                        ShowValue(ptr.O, false);
                    else if (ptr.S is not null)
                        _out.Write(ptr.S.Type + "\n");
                    break;
                case Cmd.Rename:
                    _ctx.Rename(ptr);
                    break;
                case Cmd.Revert:
                    _ctx.Revert(ptr);
                    break;
                case Cmd.Set:
                    _ctx.Set(ptr);
                    break;
                case Cmd.AddList:
                    _ctx.AddList(ptr);
                    break;
                case Cmd.DelList:
                    _ctx.DelList(ptr);
                    break;
                case Cmd.Reorder:
                    if (ptr.S is null || ptr.Value is null)
                    {
                        CliPerror(UciError.NotFound);
                        return 1;
                    }
                    _ctx.ReorderSection(ptr.S, CNumbers.StrToULAsInt(ptr.Value));
                    break;
                case Cmd.Del:
                    if (ptr.Value is not null && CNumbers.ScanInt(ptr.Value, out _) == 0)
                        return 1;
                    ret = _ctx.Delete(ptr);
                    break;
            }
        }
        catch (UciException e)
        {
            err = e.Error;
            ret = (int)e.Error;
        }

        if (cmd is Cmd.Get or Cmd.Revert)
            return 0;

        if (ret == 0)
        {
            try
            {
                _ctx.Save(ptr.P!);
            }
            catch (UciException e)
            {
                err = e.Error;
                ret = (int)e.Error;
            }
        }
        if (ret != 0)
        {
            CliPerror(err);
            return 1;
        }
        return 0;
    }

    private int Add(List<string> argv)
    {
        if (argv.Count != 3)
            return 255;
        UciSection s;
        try
        {
            var p = _ctx.Load(argv[1]);
            s = _ctx.AddSection(p, argv[2]);
            _ctx.Save(p);
        }
        catch (UciException e)
        {
            CliPerror(e.Error);
            return (int)e.Error;
        }
        _out.Write(s.Name + "\n");
        return 0;
    }

    private int Import(List<string> argv)
    {
        if (argv.Count > 2)
            return 255;
        string? name = null;
        if (argv.Count == 2)
            name = argv[1];
        else if (_merge)
            return 255;

        UciPackage? package = null;
        bool merge = false;
        if (_merge)
        {
            try
            {
                package = _ctx.Load(name!);
                merge = true;
            }
            catch (UciException)
            {
                package = null;
            }
        }
        try
        {
            _ctx.Import(_input, name, ref package, name is not null);
            if (merge)
            {
                _ctx.Save(package!);
            }
            else
            {
                foreach (var p in _ctx.Root.ToArray())
                {
                    var q = p;
                    _ctx.Commit(ref q, true);
                }
            }
        }
        catch (UciException e)
        {
            CliPerror(e.Error);
            return 1;
        }
        return 0;
    }

    private int Batch()
    {
        _batch = true;
        while (!_input.Eof)
        {
            int ret = BatchCommand();
            if (ret == 254)
                return 0;
            if (ret == 255)
                CliError("Unknown command\n");
            _ctx.Root.Clear();
        }
        _batch = false;
        return 0;
    }

    private int BatchCommand()
    {
        var argv = new List<string>();
        for (int i = 0; i <= MaxArgs; i++)
        {
            if (i == MaxArgs)
            {
                CliError("Too many arguments\n");
                return 1;
            }
            string a;
            try
            {
                a = _ctx.ParseArgument(_input, continueLine: i > 0);
            }
            catch (UciException e)
            {
                CliPerror(e.Error);
                argv.Clear();
                break;
            }
            if (a.Length == 0)
                break;
            argv.Add(a);
        }
        if (argv.Count == 0)
            return 0;
        if (argv[0].Equals("exit", StringComparison.OrdinalIgnoreCase))
            return 254;
        return Command(argv);
    }
}
