namespace WwanProto.Uci;

/// <summary>Loading, saving and committing config files (libuci's file backend).</summary>
public sealed partial class UciContext
{
    /// <summary>
    /// uci_load: read a config (from Conf2Dir if it has one of that name, else ConfDir; or a path
    /// starting with '/' or './'), then replay the change files of every delta path.
    /// </summary>
    public UciPackage Load(string name)
    {
        string filename, pname = name;
        bool confdir, conf2;
        if (name.StartsWith('/') || name.StartsWith('.'))
        {
            if (name[0] == '.' && (name.Length < 2 || name[1] != '/'))
                throw new UciException(UciError.NotFound);
            filename = name;
            pname = name[(name.LastIndexOf('/') + 1)..];
            confdir = conf2 = false;
        }
        else
        {
            conf2 = true;
            var f2 = ConfigPath(name, true);
            if (f2 is null || !System.IO.Path.Exists(f2))
            {
                conf2 = false;
                f2 = ConfigPath(name, false)!;
            }
            filename = f2;
            confdir = true;
        }

        UciPackage? package = null;
        using (var fs = UciFileStream.Open(filename, write: false, create: false, append: false, ConfDir))
        {
            // The parsed tree takes several times the file's size; on a router's 16 MB heap a config
            // beyond this is refused with a message instead of running out of memory.
            if (fs.Length > MaxConfigBytes)
            {
                var detail = $"{filename}: larger than {MaxConfigBytes >> 10} KiB, the most this uci reads";
                _errorInfo = $" ({detail})";
                throw new UciException(UciError.Io, detail);
            }
            Import(new ByteInput(fs), pname, ref package, single: true);
        }
        package!.UsesConf2 = conf2;
        package.Path = filename;
        package.HasDelta = confdir;
        LoadDelta(package);
        return package;
    }

    /// <summary>uci_list_configs: the valid config names in ConfDir, sorted (NotFound if there are none at all).</summary>
    public List<string> ListConfigs()
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(ConfDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UciException(UciError.NotFound);
        }
        var names = new List<string>();
        int visible = 0;
        foreach (var path in entries)
        {
            var n = System.IO.Path.GetFileName(path);
            if (n.StartsWith('.'))
                continue;
            visible++;
            if (Directory.Exists(path) || n.Contains('.') || !UciNames.IsValidPackage(n))
                continue;
            names.Add(n);
        }
        if (visible == 0)
            throw new UciException(UciError.NotFound);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>uci_save: append the package's pending changes to its change file in SaveDir.</summary>
    public void Save(UciPackage p)
    {
        if (!p.HasDelta)
        {
            Commit(ref p, false);
            return;
        }
        if (p.Delta.Count == 0)
            return;

        if (Directory.Exists(SaveDir))
        {
        }
        else if (System.IO.Path.Exists(SaveDir))
        {
            throw new UciException(UciError.Io);
        }
        else
        {
            var mode = Directory.Exists(ConfDir) ? UnixModes.Get(ConfDir) : (UnixFileMode)UciFileStream.DirMode;
            var parent = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(SaveDir));
            if (parent is null || Directory.Exists(parent))
            {
                try
                {
                    UnixModes.CreateDirectory(SaveDir, mode);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var h in p.Delta)
            text.Append(h.ToLine(p.Name));
        p.Delta.Clear();
        using var f = UciFileStream.Open(SaveDir + "/" + p.Name, write: true, create: true, append: true, ConfDir);
        try
        {
            f.Write(UciExport.Bytes(text.ToString()));
            f.Flush();
        }
        catch (IOException)
        {
            throw new UciException(UciError.Io);
        }
    }

    /// <summary>
    /// uci_commit: merge the change files into the config and rewrite it in canonical form, atomically
    /// (temp file in the same directory, fsync, rename, mode kept). overwrite (import) writes the package
    /// as it is in memory; otherwise the file is re-read under its lock and the changes replayed on it.
    /// Nothing is written when there are no changes. p is replaced by the freshly loaded package.
    /// </summary>
    public void Commit(ref UciPackage p, bool overwrite)
    {
        if (p.Path is null && overwrite)
            p.Path = ConfigPath(p.Name, p.UsesConf2);
        if (p.Path is null)
            throw new UciException(UciError.Invalid);
        var path = p.Path;

        using var f1 = UciFileStream.Open(path, write: true, create: true, append: false, ConfDir);
        bool flushDelta = false;
        if (p.HasDelta)
        {
            if (!overwrite)
            {
                var name = p.Name;
                bool conf2 = p.UsesConf2;
                if (p.Delta.Count > 0)
                    Save(p);
                Unload(p);
                Cleanup();
                UciPackage? fresh = null;
                Import(new ByteInput(f1), name, ref fresh, single: true);
                p = fresh!;
                p.Path = path;
                p.HasDelta = true;
                p.UsesConf2 = conf2;
            }
            if (LoadDelta(p) == 0)
                return;
            flushDelta = true;
        }

        UciAtomicWrite.Replace(path, UciExport.Bytes(UciExport.Write(p, false, ExportNames)), "." + p.Name + ".uci-");

        // libuci empties the change file before writing the config; doing it after the rename means an
        // interrupted commit leaves config and changes both intact instead of losing the changes.
        if (flushDelta)
            TruncateSaveDelta(p.Name);
    }

    private void TruncateSaveDelta(string name)
    {
        FileStream f;
        try
        {
            f = UciFileStream.Open(SaveDir + "/" + name, write: true, create: false, append: false, ConfDir);
        }
        catch (UciException)
        {
            return;
        }
        using (f)
        {
            try
            {
                f.SetLength(0);
            }
            catch (IOException)
            {
                throw new UciException(UciError.Io);
            }
        }
    }
}
