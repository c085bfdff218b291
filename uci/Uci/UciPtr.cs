namespace WwanProto.Uci;

[Flags]
public enum UciLookup
{
    None = 0,
    Done = 1,
    Complete = 2,
    Extended = 4,
}

/// <summary>
/// A parsed "package[.section[.option]][=value]" and what it resolved to (uci_ptr).
/// Section may be an extended reference (@type[i]) until lookup replaces it by the real name.
/// </summary>
public sealed class UciPtr
{
    public string? Package;
    public string? Section;
    public string? Option;
    public string? Value;
    public UciLookup Flags;

    public UciPackage? P;
    public UciSection? S;
    public UciOption? O;

    public bool IsComplete => (Flags & UciLookup.Complete) != 0;

    /// <summary>uci_parse_ptr: split at the first '=', then at dots; validates each part like libuci.</summary>
    public static UciPtr Parse(string str)
    {
        var ptr = new UciPtr();
        int eq = str.IndexOf('=');
        if (eq >= 0)
        {
            ptr.Value = str[(eq + 1)..];
            str = str[..eq];
        }
        var parts = str.Split('.');
        ptr.Package = parts[0];
        if (parts.Length > 1)
            ptr.Section = parts[1];
        if (parts.Length > 2)
            ptr.Option = parts[2];
        if (parts.Length > 3)
            throw new UciException(UciError.Parse);
        if (!UciNames.IsValidPackage(ptr.Package))
            throw new UciException(UciError.Parse);
        if (ptr.Section is not null && !UciNames.IsValidName(ptr.Section))
            ptr.Flags |= UciLookup.Extended;
        if (ptr.Option is not null && !UciNames.IsValidName(ptr.Option))
            throw new UciException(UciError.Parse);
        if (ptr.Value is not null && !UciNames.IsValidText(ptr.Value))
            throw new UciException(UciError.Parse);
        return ptr;
    }
}
