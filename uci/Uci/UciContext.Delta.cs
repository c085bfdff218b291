namespace WwanProto.Uci;

/// <summary>Change (delta) files: replay on load, filtering on revert (libuci delta.c).</summary>
public sealed partial class UciContext
{
    /// <summary>Replay the package's change file from every delta path; returns how many lines applied.</summary>
    internal int LoadDelta(UciPackage p)
    {
        if (!p.HasDelta)
            return 0;
        int changes = 0;
        foreach (var dir in _deltaPath.ToArray())
        {
            FileStream f;
            try
            {
                f = UciFileStream.Open(dir + "/" + p.Name, write: false, create: false, append: false, ConfDir);
            }
            catch (UciException)
            {
                continue;
            }
            using (f)
                changes += ParseDelta(new ByteInput(f), p);
        }
        return changes;
    }

    /// <summary>Every line applies on its own; a bad line is skipped so as much as possible survives.</summary>
    private int ParseDelta(ByteInput stream, UciPackage p)
    {
        Cleanup();
        var pctx = Pctx = new ParseContext { File = stream };
        int changes = 0;
        while (!stream.Eof)
        {
            pctx.Pos = 0;
            pctx.GetLine(0);
            if (pctx.Buf[0] == 0)
                continue;
            try
            {
                ParseDeltaLine(p);
                changes++;
            }
            catch (UciException)
            {
            }
        }
        Cleanup();
        return changes;
    }

    /// <summary>One change-file line: optional command prefix, then pkg.sec[.opt][=value] in uci quoting.</summary>
    private (UciDeltaCommand, UciPtr) ParseDeltaTuple(ByteInput stream)
    {
        var arg = ParseArgument(stream, continueLine: true);
        if (Pctx!.Cur != 0)
            throw new UciException(UciError.Invalid);
        var c = arg.Length == 0 ? UciDeltaCommand.Change : UciDelta.FromPrefix(arg[0]);
        if (c != UciDeltaCommand.Change)
            arg = arg[1..];
        var ptr = UciPtr.Parse(arg);
        if (ptr.Section is null || (ptr.Flags & UciLookup.Extended) != 0)
            throw new UciException(UciError.Invalid);
        if (c != UciDeltaCommand.Remove && ptr.Value is null)
            throw new UciException(UciError.Invalid);
        switch (c)
        {
            case UciDeltaCommand.Reorder when ptr.Value is null || ptr.Option is not null:
            case UciDeltaCommand.Rename when ptr.Value is null || !UciNames.IsValidName(ptr.Value):
            case UciDeltaCommand.ListAdd or UciDeltaCommand.ListDel when ptr.Option is null:
                throw new UciException(UciError.Invalid);
        }
        return (c, ptr);
    }

    private void ParseDeltaLine(UciPackage p)
    {
        var (cmd, ptr) = ParseDeltaTuple(Pctx!.File!);
        if (ptr.Package != p.Name)
            throw new UciException(UciError.Parse);
        p.SavedDelta.Add(new UciDelta(cmd, ptr.Section!, ptr.Option, ptr.Value));

        switch (cmd)
        {
            case UciDeltaCommand.Reorder:
                ExpandPtr(ptr, true);
                if (ptr.S is null)
                    throw new UciException(UciError.NotFound);
                ReorderSection(ptr.S, CNumbers.StrToULAsInt(ptr.Value!), record: false);
                break;
            case UciDeltaCommand.Rename:
                Rename(ptr, record: false);
                break;
            case UciDeltaCommand.Remove:
                Delete(ptr, record: false);
                break;
            case UciDeltaCommand.ListAdd:
                AddList(ptr, record: false);
                break;
            case UciDeltaCommand.ListDel:
                DelList(ptr, record: false);
                break;
            case UciDeltaCommand.Add:
                Set(ptr, record: false);
                if (ptr.Option is null && ptr.S is not null)
                    ptr.S.Anonymous = true;
                break;
            default:
                Set(ptr, record: false);
                break;
        }
    }

    /// <summary>
    /// uci_revert: drop the recorded changes for a package, section or option from the change file
    /// in SaveDir and reload. ptr.P is the reloaded package afterwards.
    /// </summary>
    public void Revert(UciPtr ptr)
    {
        ExpandPtr(ptr, false);
        if (!ptr.P!.HasDelta)
            throw new UciException(UciError.Invalid);
        Save(ptr.P);
        var package = ptr.P.Name;
        var section = ptr.Section;
        var option = ptr.Option;
        Unload(ptr.P);
        ptr.P = null;
        FilterDelta(package, section, option);
        ptr.P = Load(package);
    }

    private void FilterDelta(string name, string? section, string? option)
    {
        var keep = new List<UciDelta>();
        Pctx = new ParseContext();
        FileStream? f = null;
        try
        {
            f = UciFileStream.Open(SaveDir + "/" + name, write: true, create: false, append: false, ConfDir);
            var input = new ByteInput(f);
            Pctx.File = input;
            while (!input.Eof)
            {
                Pctx.Pos = 0;
                Pctx.GetLine(0);
                if (Pctx.Buf[0] == 0)
                    continue;
                var (c, ptr) = ParseDeltaTuple(input);
                bool match = true;
                if (section is not null && ptr.Section != section)
                    match = false;
                if (match && option is not null && ptr.Option != option)
                    match = false;
                if (!match)
                    keep.Add(new UciDelta(c, ptr.Section!, ptr.Option, ptr.Value));
            }
            var text = new System.Text.StringBuilder();
            foreach (var h in keep)
                text.Append(h.ToLine(name));
            f.Seek(0, SeekOrigin.Begin);
            f.SetLength(0);
            f.Write(UciExport.Bytes(text.ToString()));
            f.Flush();
        }
        catch (UciException)
        {
            // Like libuci: an unreadable or malformed change file is left as it is.
        }
        finally
        {
            f?.Dispose();
            Cleanup();
        }
    }
}
