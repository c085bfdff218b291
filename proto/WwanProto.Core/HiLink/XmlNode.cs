namespace WwanProto.Core.HiLink;

/// <summary>
/// One element of a HiLink answer: its name, its text (entities decoded, child elements' text not included)
/// and its child elements in document order. Attributes are read past and dropped: the web API uses none.
/// </summary>
public sealed class XmlNode(string name)
{
    public string Name { get; } = name;
    public string Text { get; internal set; } = "";
    public List<XmlNode> Children { get; } = [];

    /// <summary>The first child element called <paramref name="name"/> (case-sensitive, as the firmware spells it), or null.</summary>
    public XmlNode? Child(string name)
    {
        foreach (var c in Children)
            if (c.Name == name) return c;
        return null;
    }

    /// <summary>The trimmed text of the child <paramref name="name"/>, or null when absent or empty.</summary>
    public string? Value(string name) => Child(name)?.Text.Trim() is { Length: > 0 } v ? v : null;

    /// <summary>The child's text as an integer, or null when absent, empty or not a number.</summary>
    public int? Int(string name) =>
        int.TryParse(Value(name), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
