namespace WwanProto.Uci;

/// <summary>An `option NAME VALUE` (single string) or the items of `list NAME VALUE` lines.</summary>
public sealed class UciOption
{
    internal UciOption(UciSection section, string name, string value)
    {
        Section = section;
        Name = name;
        Value = value;
    }

    internal UciOption(UciSection section, string name, List<string> items)
    {
        Section = section;
        Name = name;
        Items = items;
    }

    public UciSection Section { get; }
    public string Name { get; internal set; }

    /// <summary>The value when this is a plain option; null for a list.</summary>
    public string? Value { get; internal set; }

    /// <summary>The items when this is a list; null for a plain option.</summary>
    public List<string>? Items { get; internal set; }

    public bool IsList => Items is not null;
}
