namespace WwanProto.Uci;

/// <summary>A `config TYPE ['NAME']` block. Anonymous sections carry a generated cfgXXhhhh name.</summary>
public sealed class UciSection(UciPackage package, string name, string type, bool anonymous)
{
    public UciPackage Package { get; } = package;
    public string Name { get; internal set; } = name;
    public string Type { get; internal set; } = type;
    public bool Anonymous { get; internal set; } = anonymous;
    public List<UciOption> Options { get; } = new();

    public UciOption? FindOption(string name)
    {
        foreach (var o in Options)
            if (o.Name == name)
                return o;
        return null;
    }
}
