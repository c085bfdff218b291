namespace WwanProto.Uci;

/// <summary>
/// A uci session (libuci's uci_context): where configs and change files live, the parser mode,
/// and the packages loaded so far. Methods behave like the libuci calls of the same name.
/// </summary>
public sealed partial class UciContext
{
    public const string DefaultConfDir = "/etc/config";
    public const string DefaultConf2Dir = "/var/run/uci";
    public const string DefaultSaveDir = "/tmp/.uci";

    /// <summary>
    /// The largest config file Load reads: OpenWrt's largest real ones are around 100 KB, and a few thousand sections
    /// (about 700 KB) still parse and commit within the router-sized heap; beyond 1 MiB the file is refused by name.
    /// </summary>
    public const int MaxConfigBytes = 1 << 20;

    /// <summary>
    /// The save dir every session replays, as libuci always does with /tmp/.uci. HUAWEIWWAN_UCI_SAVEDIR
    /// moves it, so test runs never see (or leave) pending changes in the machine's real /tmp/.uci.
    /// </summary>
    public static string SystemSaveDir => Environment.GetEnvironmentVariable("HUAWEIWWAN_UCI_SAVEDIR") ?? DefaultSaveDir;

    private readonly List<string> _deltaPath = [SystemSaveDir];
    private string _errorInfo = "";

    public string ConfDir { get; set; } = DefaultConfDir;

    /// <summary>Override directory consulted before ConfDir (uci -C); null disables it.</summary>
    public string? Conf2Dir { get; set; } = DefaultConf2Dir;

    /// <summary>Where this session writes its change files (uci -t / -P).</summary>
    public string SaveDir { get; private set; } = SystemSaveDir;

    /// <summary>Directories whose change files are replayed on load; SaveDir is always the last one.</summary>
    public IReadOnlyList<string> DeltaPath => _deltaPath;

    /// <summary>Stop at the first parse error (default) instead of skipping the bad line.</summary>
    public bool Strict { get; set; } = true;

    /// <summary>Print each parse error as it is met (uci -S turns this on together with non-strict mode).</summary>
    public bool PrintParseErrors { get; set; }

    /// <summary>Write names of anonymous sections on export and commit (uci -n).</summary>
    public bool ExportNames { get; set; }

    /// <summary>Where error texts go (stderr for the CLI).</summary>
    public Action<string> ErrorSink { get; set; } = s => Console.Error.Write(s);

    /// <summary>Packages currently loaded, in load order.</summary>
    public List<UciPackage> Root { get; } = new();

    internal ParseContext? Pctx;

    /// <summary>uci_set_savedir: becomes the save dir and moves (or adds) it to the end of the delta path.</summary>
    public void SetSaveDir(string dir)
    {
        _deltaPath.Remove(dir);
        _deltaPath.Add(dir);
        SaveDir = dir;
    }

    /// <summary>
    /// Use dir as the only change directory: loads see no pending changes of other uci users and a commit
    /// writes exactly the changes made through this context.
    /// </summary>
    public void UsePrivateSaveDir(string dir)
    {
        _deltaPath.Clear();
        _deltaPath.Add(dir);
        SaveDir = dir;
    }

    /// <summary>uci_add_delta_path: another directory of change files, read before the save dir.</summary>
    public void AddDeltaPath(string dir)
    {
        if (_deltaPath.Contains(dir))
            throw new UciException(UciError.Duplicate);
        _deltaPath.Insert(_deltaPath.Count - 1, dir);
    }

    public UciPackage? FindLoaded(string name)
    {
        foreach (var p in Root)
            if (p.Name == name)
                return p;
        return null;
    }

    public void Unload(UciPackage p) => Root.Remove(p);

    internal void Cleanup() => Pctx = null;

    /// <summary>
    /// uci_perror: "PREFIX: TEXT" plus, for parse errors, " (reason) at line N, byte B". Like libuci the
    /// detail lives in a buffer that is only rewritten by the next parse error, so it can repeat.
    /// </summary>
    public void Perror(string? prefix, UciError err)
    {
        if (Pctx is not null && err == UciError.Parse)
        {
            var info = $" ({Pctx.Reason ?? "unknown"}) at line {Pctx.Line}, byte {Pctx.Byte}";
            _errorInfo = info.Length > 126 ? info[..126] : info;
        }
        _errorInfo += "\n";
        ErrorSink((prefix is null ? "" : prefix + ": ") + UciErrors.Text(err) + _errorInfo);
    }

    /// <summary>The error text with the parse position when there is one ("Parse error (reason) at line 3, byte 45").</summary>
    public string Describe(UciError err) =>
        Pctx is not null && err == UciError.Parse
            ? $"{UciErrors.Text(err)} ({Pctx.Reason ?? "unknown"}) at line {Pctx.Line}, byte {Pctx.Byte}"
            : UciErrors.Text(err);

    internal string? ConfigPath(string name, bool conf2)
    {
        if (!UciNames.IsValidPackage(name))
            throw new UciException(UciError.Invalid);
        var dir = conf2 ? Conf2Dir : ConfDir;
        return dir is null ? null : dir + "/" + name;
    }
}
