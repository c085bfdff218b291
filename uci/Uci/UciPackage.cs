namespace WwanProto.Uci;

/// <summary>One config file: its sections in file order, plus the changes recorded against it.</summary>
public sealed class UciPackage(string name)
{
    public string Name { get; internal set; } = name;
    public List<UciSection> Sections { get; } = new();

    /// <summary>Counts every section ever allocated in this package; it is the "XX" of generated cfgXXhhhh names.</summary>
    internal int SectionCounter;

    /// <summary>File the package was loaded from (null for a package made by import).</summary>
    public string? Path { get; internal set; }

    /// <summary>Loaded from the config directory, so changes go to the save dir rather than straight to the file.</summary>
    public bool HasDelta { get; internal set; }

    internal bool UsesConf2;

    /// <summary>Changes made in memory and not yet written to the save dir.</summary>
    internal List<UciDelta> Delta { get; } = new();

    /// <summary>Changes made through the API since load or the last save, oldest first.</summary>
    public IReadOnlyList<UciDelta> PendingChanges => Delta;

    /// <summary>Changes read from the change files while loading (what `uci changes` prints).</summary>
    public List<UciDelta> SavedDelta { get; } = new();

    public UciSection? FindSection(string name)
    {
        foreach (var s in Sections)
            if (s.Name == name)
                return s;
        return null;
    }
}
