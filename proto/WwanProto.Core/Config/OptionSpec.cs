namespace WwanProto.Core.Config;

/// <summary>The blobmsg types netifd's dump uses: 1 array (UCI list), 3 string, 5 int32, 7 bool.</summary>
public enum OptionType
{
    Array = 1,
    String = 3,
    Int = 5,
    Bool = 7,
}

/// <summary>Which LuCI tab shows an option.</summary>
public enum OptionTab
{
    General,
    Advanced,
}

/// <summary>
/// One interface option. The list of these in <see cref="OptionSchema"/> is the single source for
/// netifd's dump, validation (netifd setup, `config check`), the LuCI form and the docs.
/// </summary>
public sealed record OptionSpec(string Name, OptionType Type, string Label, string Description)
{
    /// <summary>netifd/UCI datatype appended to the name in the dump ("apn:string" style), or null.</summary>
    public string? Datatype { get; init; }

    /// <summary>The value used when the option is not set, as UCI would write it; null means "unset / modem default".</summary>
    public string? Default { get; init; }

    /// <summary>For enumerations: the accepted values (compared case-insensitively, stored as listed).</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Inclusive bounds for <see cref="OptionType.Int"/> options.</summary>
    public int Min { get; init; } = int.MinValue;
    public int Max { get; init; } = int.MaxValue;

    /// <summary>Secrets (PIN, password) are never logged, never put on argv, and masked in error messages.</summary>
    public bool Secret { get; init; }

    /// <summary>A netifd generic interface option (metric, defaultroute, peerdns ...): netifd applies it too.</summary>
    public bool Generic { get; init; }

    public OptionTab Tab { get; init; } = OptionTab.General;

    /// <summary>Checks a string value beyond type and choices; returns a message, or null when the value is fine.</summary>
    public Func<string, string?>? Check { get; init; }

    /// <summary>The name as it appears in the dump's config list ("name" or "name:datatype").</summary>
    public string DumpName => Datatype is null ? Name : $"{Name}:{Datatype}";
}
